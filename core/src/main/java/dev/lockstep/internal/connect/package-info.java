/** Lockstep internals: not part of the API. */
@NullMarked
package dev.lockstep.internal.connect;

import org.jspecify.annotations.NullMarked;
