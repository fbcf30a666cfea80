/**
 * The {@code lockstep} command line: picocli commands over the core's public API ({@code dev.lockstep}), run by
 * {@code bin/lockstep} from the distribution. Nothing here is an API for other code.
 */
@NullMarked
package dev.lockstep.cli;

import org.jspecify.annotations.NullMarked;
