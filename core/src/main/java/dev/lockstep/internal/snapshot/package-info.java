/** Snapshots with pg_dump: preflight, dump, verification, manifest, retention and restore. */
@NullMarked
package dev.lockstep.internal.snapshot;

import org.jspecify.annotations.NullMarked;
