/**
 * Start replica JVMs against the throwaway PostgreSQL: for Lockstep's tests, the samples' tests and the benchmarks.
 * {@link dev.lockstep.embedded.process.JavaProcess} starts a main class in a JVM of its own and reads its output;
 * {@link dev.lockstep.embedded.process.StartSignal} is the child's half of releasing several of them at the same
 * moment ({@link dev.lockstep.embedded.process.JavaProcess#startTogether}). Plain JDK, no test framework.
 */
@NullMarked
package dev.lockstep.embedded.process;

import org.jspecify.annotations.NullMarked;
