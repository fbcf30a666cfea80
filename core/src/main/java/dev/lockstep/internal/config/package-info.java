/** Lockstep internals: not part of the API. */
@NullMarked
package dev.lockstep.internal.config;

import org.jspecify.annotations.NullMarked;
