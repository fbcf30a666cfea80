package dev.lockstep.s3;

import dev.lockstep.SnapshotFailedException;
import dev.lockstep.spi.ObjectStorage;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * {@link ObjectStorage} over the AWS SDK's S3 client. The client is made at first use, so that a store that cannot
 * be reached fails a snapshot (which {@code snapshot.required=false} lets a run go on without), never Lockstep's
 * start. Every failure goes through {@link S3Failures}, whose messages name the setting that fixes it.
 */
final class S3ObjectStorage implements ObjectStorage {
    private final S3Config config;
    private final Supplier<S3Client> client;

    S3ObjectStorage(S3Config config, Supplier<S3Client> client) {
        this.config = config;
        this.client = client;
    }

    @Override
    public String describe(String key) {
        return "s3://" + config.bucket() + "/" + key + (config.endpoint() == null ? ""
                : " (snapshot.s3.endpoint=" + config.endpoint() + ")");
    }

    @Override
    public void preflight(String keyPrefix) {
        String probe = keyPrefix + ".lockstep-write-check-" + UUID.randomUUID();
        call("check that snapshots can be written to " + describe(keyPrefix), () -> {
            // A listing, not HeadBucket: S3 answers a HEAD with no body, so a refused key and a missing permission
            // would both read "403"; a GET's error names its code. Under the prefix, it also passes a policy that
            // grants s3:ListBucket only with an s3:prefix condition, as docs/snapshots.md suggests.
            client.get().listObjectsV2(request -> request.bucket(config.bucket()).prefix(keyPrefix).maxKeys(1));
            client.get().putObject(encrypted(PutObjectRequest.builder().bucket(config.bucket()).key(probe)).build(),
                    RequestBody.fromBytes(new byte[0]));
            client.get().deleteObject(request -> request.bucket(config.bucket()).key(probe));
            return null;
        });
    }

    @Override
    public Upload upload(String key) {
        String uploadId = call("start uploading " + describe(key), () -> client.get().createMultipartUpload(
                encrypted(CreateMultipartUploadRequest.builder().bucket(config.bucket()).key(key)).build())
                .uploadId());
        return new S3Upload(this, client.get(), config.bucket(), key, uploadId);
    }

    @Override
    public void put(String key, byte[] content) {
        call("write " + describe(key), () -> client.get().putObject(encrypted(PutObjectRequest.builder()
                .bucket(config.bucket()).key(key)).build(), RequestBody.fromBytes(content)));
    }

    @Override
    public InputStream read(String key, @Nullable String version) {
        return call("read " + describe(key), () -> client.get().getObject(GetObjectRequest.builder()
                .bucket(config.bucket()).key(key).ifMatch(version).build()));
    }

    @Override
    public Optional<StoredObject> stat(String key) {
        try {
            HeadObjectResponse head = client.get().headObject(request -> request.bucket(config.bucket()).key(key));
            return Optional.of(new StoredObject(key, head.contentLength(), head.lastModified(), head.eTag()));
        } catch (S3Exception e) {
            if (e.statusCode() == 404 && !S3Failures.noSuchBucket(e)) {
                return Optional.empty();
            }
            throw S3Failures.of("read " + describe(key), e, config);
        } catch (SdkException e) {
            throw S3Failures.of("read " + describe(key), e, config);
        }
    }

    @Override
    public List<StoredObject> list(String keyPrefix) {
        return call("list " + describe(keyPrefix), () -> {
            List<StoredObject> objects = new ArrayList<>();
            client.get().listObjectsV2Paginator(ListObjectsV2Request.builder().bucket(config.bucket())
                    .prefix(keyPrefix).build()).contents().forEach(object -> objects.add(new StoredObject(
                            object.key(), object.size(), object.lastModified(), object.eTag())));
            return objects;
        });
    }

    @Override
    public void delete(String key) {
        call("delete " + describe(key), () -> client.get().deleteObject(request -> request.bucket(config.bucket())
                .key(key)));
    }

    @Override
    public List<UnfinishedUpload> unfinished(String keyPrefix) {
        return call("list the unfinished uploads under " + describe(keyPrefix), () -> {
            List<UnfinishedUpload> uploads = new ArrayList<>();
            client.get().listMultipartUploadsPaginator(ListMultipartUploadsRequest.builder().bucket(config.bucket())
                    .prefix(keyPrefix).build()).uploads().forEach(upload -> uploads.add(new UnfinishedUpload(
                            upload.key(), upload.uploadId(), upload.initiated())));
            return uploads;
        });
    }

    @Override
    public void abort(UnfinishedUpload upload) {
        call("abort the upload of " + describe(upload.key()), () -> client.get().abortMultipartUpload(
                AbortMultipartUploadRequest.builder().bucket(config.bucket()).key(upload.key())
                        .uploadId(upload.uploadId()).build()));
    }

    /** Runs one request; a failure becomes the exception whose message names the setting that fixes it. */
    <T> T call(String doing, Supplier<T> request) {
        try {
            return request.get();
        } catch (SdkException e) {
            throw S3Failures.of(doing, e, config);
        } catch (SnapshotFailedException e) {
            throw e;
        }
    }

    private PutObjectRequest.Builder encrypted(PutObjectRequest.Builder builder) {
        return config.sse() == null ? builder
                : builder.serverSideEncryption(ServerSideEncryption.fromValue(config.sse()))
                        .ssekmsKeyId(config.kmsKeyId());
    }

    private CreateMultipartUploadRequest.Builder encrypted(CreateMultipartUploadRequest.Builder builder) {
        return config.sse() == null ? builder
                : builder.serverSideEncryption(ServerSideEncryption.fromValue(config.sse()))
                        .ssekmsKeyId(config.kmsKeyId());
    }
}
