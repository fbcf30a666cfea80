/** Extension points: listen to the run's events, take snapshots another way, keep them in another store. */
@NullMarked
package dev.lockstep.spi;

import org.jspecify.annotations.NullMarked;
