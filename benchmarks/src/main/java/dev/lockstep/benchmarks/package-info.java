/** The benchmark program: {@link dev.lockstep.benchmarks.CoreBenchmark} runs the sections and prints the report. */
@NullMarked
package dev.lockstep.benchmarks;

import org.jspecify.annotations.NullMarked;
