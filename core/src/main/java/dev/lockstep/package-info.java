/**
 * Lockstep's public API: {@link dev.lockstep.Lockstep} runs the locked migration at startup and answers
 * where the schema stands.
 */
@NullMarked
package dev.lockstep;

import org.jspecify.annotations.NullMarked;
