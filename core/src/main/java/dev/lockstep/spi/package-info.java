/** Extension points: listen to the run's events. */
@NullMarked
package dev.lockstep.spi;

import org.jspecify.annotations.NullMarked;
