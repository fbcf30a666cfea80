package dev.lockstep.s3;

import dev.lockstep.ErrorCode;
import dev.lockstep.SnapshotFailedException;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * S3's failures in words a user acts on: what failed, why, and the setting or credential that fixes it. Only the
 * store's error code and status are quoted, never its message text, which for a refused signature may echo parts of
 * the request; no credential appears.
 */
final class S3Failures {
    private static final Set<String> REFUSED_CREDENTIALS = Set.of("InvalidAccessKeyId", "SignatureDoesNotMatch",
            "ExpiredToken", "InvalidToken", "TokenRefreshRequired", "InvalidSecurity");
    private static final String CREDENTIALS = "Lockstep has no credential setting: the AWS SDK's default chain finds"
            + " them (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, AWS_PROFILE, a Kubernetes service account's"
            + " AWS_ROLE_ARN and AWS_WEB_IDENTITY_TOKEN_FILE, or the container's or instance's role)";

    private S3Failures() {}

    static boolean noSuchBucket(S3Exception e) {
        return e instanceof NoSuchBucketException || "NoSuchBucket".equals(code(e));
    }

    static SnapshotFailedException of(String doing, SdkException e, S3Config config) {
        String problem;
        if (e instanceof S3Exception s3) {
            String code = code(s3);
            String error = "S3 error " + (code == null ? "" : code + ", ") + "HTTP " + s3.statusCode();
            if (noSuchBucket(s3)) {
                problem = "the bucket " + config.bucket() + " does not exist (" + error + "). Create it, or set"
                        + " snapshot.s3.bucket to a bucket that exists";
            } else if (code != null && REFUSED_CREDENTIALS.contains(code)) {
                problem = "the store refused the credentials (" + error + "). " + CREDENTIALS + "; give the process"
                        + " credentials the store behind snapshot.s3.endpoint accepts";
            } else if (s3.statusCode() == 403) {
                problem = "access was denied (" + error + "): the credentials may not do this. Grant s3:ListBucket,"
                        + " s3:GetObject, s3:PutObject, s3:DeleteObject, s3:ListBucketMultipartUploads and"
                        + " s3:AbortMultipartUpload on snapshot.s3.bucket=" + config.bucket() + " under"
                        + " snapshot.s3.prefix (docs/snapshots.md), or check the credentials: " + CREDENTIALS;
            } else if (s3.statusCode() == 301 || "AuthorizationHeaderMalformed".equals(code)
                    || "PermanentRedirect".equals(code)) {
                problem = "the bucket is in another region (" + error + "). Set snapshot.s3.region to the bucket's"
                        + " region";
            } else {
                problem = "the store answered " + error + ". Check snapshot.s3.bucket, snapshot.s3.prefix and"
                        + " snapshot.s3.endpoint";
            }
        } else {
            String message = firstLine(e.getMessage());
            if (message.contains("Unable to load credentials")) {
                problem = "no credentials were found. " + CREDENTIALS;
            } else if (message.contains("Unable to load region")) {
                problem = "no region is known. Set snapshot.s3.region (or AWS_REGION)";
            } else {
                problem = "the store cannot be reached (" + message + "). Check snapshot.s3.endpoint"
                        + (config.endpoint() == null ? " (unset: AWS S3)" : "=" + config.endpoint())
                        + " and snapshot.s3.region, and that this host reaches it";
            }
        }
        return new SnapshotFailedException(ErrorCode.SNAPSHOT_FAILED, "Could not " + doing + ": " + problem + ".", e);
    }

    private static @Nullable String code(S3Exception e) {
        return e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    }

    private static String firstLine(@Nullable String text) {
        String line = text == null ? "" : text.lines().findFirst().orElse("");
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }
}
