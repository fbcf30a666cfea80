/** Lockstep's snapshots in S3-compatible object storage: {@code snapshot.storage=s3}. */
@NullMarked
package dev.lockstep.s3;

import org.jspecify.annotations.NullMarked;
