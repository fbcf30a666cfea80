/** Lockstep internals: not part of the API. */
@NullMarked
package dev.lockstep.internal.lock;

import org.jspecify.annotations.NullMarked;
