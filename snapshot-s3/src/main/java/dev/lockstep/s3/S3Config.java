package dev.lockstep.s3;

import static dev.lockstep.LockstepSettings.SNAPSHOT_S3_BUCKET;
import static dev.lockstep.LockstepSettings.SNAPSHOT_S3_ENDPOINT;
import static dev.lockstep.LockstepSettings.SNAPSHOT_S3_PATH_STYLE;
import static dev.lockstep.LockstepSettings.SNAPSHOT_S3_REGION;
import static dev.lockstep.LockstepSettings.SNAPSHOT_S3_SSE;
import static dev.lockstep.LockstepSettings.SNAPSHOT_S3_SSE_KMS_KEY_ID;

import dev.lockstep.ErrorCode;
import dev.lockstep.LockstepException;
import dev.lockstep.LockstepSettings;
import org.jspecify.annotations.Nullable;

/** The {@code snapshot.s3.*} settings this module reads; none of them is a credential. */
record S3Config(String bucket, @Nullable String region, @Nullable String endpoint, boolean pathStyle,
        @Nullable String sse, @Nullable String kmsKeyId) {

    static S3Config of(LockstepSettings settings) {
        String bucket = settings.get(SNAPSHOT_S3_BUCKET);
        if (bucket == null) {
            throw new LockstepException(ErrorCode.INVALID_CONFIGURATION, "snapshot.storage=s3 needs the bucket to keep"
                    + " snapshots in: set snapshot.s3.bucket, or snapshot.storage=local.");
        }
        return new S3Config(bucket, settings.get(SNAPSHOT_S3_REGION), settings.get(SNAPSHOT_S3_ENDPOINT),
                settings.get(SNAPSHOT_S3_PATH_STYLE), settings.get(SNAPSHOT_S3_SSE),
                settings.get(SNAPSHOT_S3_SSE_KMS_KEY_ID));
    }
}
