/** The benchmark's sections, one class each, named by what they measure. */
@NullMarked
package dev.lockstep.benchmarks.scenarios;

import org.jspecify.annotations.NullMarked;
