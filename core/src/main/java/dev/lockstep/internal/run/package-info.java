/** Lockstep internals: not part of the API. */
@NullMarked
package dev.lockstep.internal.run;

import org.jspecify.annotations.NullMarked;
