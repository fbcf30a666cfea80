/** Lockstep internals: not part of the API. */
@NullMarked
package dev.lockstep.internal.status;

import org.jspecify.annotations.NullMarked;
