/** Lockstep internals: not part of the API. */
@NullMarked
package dev.lockstep.internal.flyway;

import org.jspecify.annotations.NullMarked;
