/** Lockstep internals: not part of the API. */
@NullMarked
package dev.lockstep.internal.lint;

import org.jspecify.annotations.NullMarked;
