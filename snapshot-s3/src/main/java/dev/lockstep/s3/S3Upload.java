package dev.lockstep.s3;

import dev.lockstep.spi.ObjectStorage;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * A multipart upload, fed in order: bytes gather in one part-sized buffer, and a full buffer is sent before more is
 * taken, so memory stays at one part and the disk is never used. S3 shows the object only once
 * {@link #complete()} returns; {@link #close()} before that aborts the upload, and with it every part sent.
 */
final class S3Upload implements ObjectStorage.Upload {
    /**
     * 8 MB: above S3's 5 MB minimum part, and 10,000 parts (S3's limit) hold an archive of 78 GB. The part is sent
     * from the buffer itself, without a copy.
     */
    static final int PART = 8 * 1024 * 1024;

    private final S3ObjectStorage storage;
    private final S3Client client;
    private final String bucket;
    private final String key;
    private final String uploadId;
    private final List<CompletedPart> parts = new ArrayList<>();
    private final byte[] buffer = new byte[PART];
    private int buffered;
    private boolean completed;

    S3Upload(S3ObjectStorage storage, S3Client client, String bucket, String key, String uploadId) {
        this.storage = storage;
        this.client = client;
        this.bucket = bucket;
        this.key = key;
        this.uploadId = uploadId;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
        while (length > 0) {
            int count = Math.min(length, PART - buffered);
            System.arraycopy(bytes, offset, buffer, buffered, count);
            buffered += count;
            offset += count;
            length -= count;
            if (buffered == PART) {
                send();
            }
        }
    }

    @Override
    public ObjectStorage.StoredObject complete() {
        if (buffered > 0 || parts.isEmpty()) {
            send(); // the last part may be smaller than 5 MB, and an upload needs one part at least
        }
        storage.call("complete the upload of " + storage.describe(key), () -> client.completeMultipartUpload(request
                -> request.bucket(bucket).key(key).uploadId(uploadId).multipartUpload(upload -> upload.parts(parts))));
        completed = true;
        HeadObjectResponse head = storage.call("read " + storage.describe(key), () -> client.headObject(request
                -> request.bucket(bucket).key(key)));
        return new ObjectStorage.StoredObject(key, head.contentLength(), head.lastModified(), head.eTag());
    }

    @Override
    public void close() {
        if (completed) {
            return;
        }
        try {
            client.abortMultipartUpload(request -> request.bucket(bucket).key(key).uploadId(uploadId));
        } catch (RuntimeException e) {
            // Never throws, as its contract says: the next snapshot aborts what is left (BucketStore's leftovers).
        }
    }

    private void send() {
        int number = parts.size() + 1;
        int length = buffered;
        String eTag = storage.call("upload part " + number + " of " + storage.describe(key), () -> client.uploadPart(
                request -> request.bucket(bucket).key(key).uploadId(uploadId).partNumber(number)
                        .contentLength((long) length),
                RequestBody.fromInputStream(new ByteArrayInputStream(buffer, 0, length), length)).eTag());
        parts.add(CompletedPart.builder().partNumber(number).eTag(eTag).build());
        buffered = 0;
    }
}
