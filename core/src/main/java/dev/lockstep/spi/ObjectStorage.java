package dev.lockstep.spi;

import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Byte storage for the built-in pg_dump snapshots, when {@code snapshot.storage} names a store other than the local
 * directory: S3-compatible object storage with the module {@code lockstep-snapshot-s3}. The core does everything
 * else, the same way as for local snapshots: it runs pg_dump and pg_restore, computes and checks the SHA-256, derives
 * every key from a snapshot id (a manifest is data, never a key), writes manifests, lists, verifies, restores and
 * applies retention. A storage keeps bytes under the keys it is given, and nothing more.
 *
 * <p>Every failure is thrown as {@code SnapshotFailedException} with a message that names the setting that fixes it
 * ({@code snapshot.s3.bucket}, {@code snapshot.s3.endpoint}, ...); messages never contain a credential. Made by an
 * {@link ObjectStorageFactory}.
 */
public interface ObjectStorage {

    /** Where {@code key} is, for messages and logs: {@code s3://orders-backups/lockstep/shop/}. Never a credential. */
    String describe(String key);

    /**
     * Checks, before anything is written, that snapshots can be kept under {@code keyPrefix}: the store answers, the
     * credentials are accepted, the bucket exists and a write under the prefix succeeds (and is removed again).
     */
    void preflight(String keyPrefix);

    /**
     * Starts writing the object {@code key}. Nothing is visible under the key until {@link Upload#complete()} returns;
     * an upload closed before that leaves nothing behind.
     */
    Upload upload(String key);

    /** Writes a small object (a manifest) whole: a reader sees the object entire, or no object. */
    void put(String key, byte[] content);

    /**
     * Reads an object from its start.
     *
     * @param version the {@link StoredObject#version()} to read, when given: a changed object fails instead of being
     *     read
     */
    InputStream read(String key, @Nullable String version);

    /** The object {@code key}, or empty when there is none. */
    Optional<StoredObject> stat(String key);

    /** Every object whose key starts with {@code keyPrefix}, in any order. */
    List<StoredObject> list(String keyPrefix);

    /** Deletes the object {@code key}; deleting one that is gone succeeds. */
    void delete(String key);

    /** Uploads started under {@code keyPrefix} and never completed or aborted, such as one of a killed process. */
    List<UnfinishedUpload> unfinished(String keyPrefix);

    /** Ends an unfinished upload and frees what it stored. */
    void abort(UnfinishedUpload upload);

    /** An object being written, in order, from the first byte to the last. */
    interface Upload extends AutoCloseable {

        /** Adds bytes; may wait while earlier bytes are sent, so that memory stays bounded. */
        void write(byte[] bytes, int offset, int length);

        /** Makes the object visible under its key, with every byte written; returns it as stored. */
        StoredObject complete();

        /** Aborts the upload unless it was completed: nothing stays behind, not even parts. Never throws. */
        @Override
        void close();
    }

    /**
     * An object as the store reports it.
     *
     * @param version what changes whenever the object is written again (S3's ETag), for {@link #read}
     */
    record StoredObject(String key, long size, Instant lastModified, String version) {}

    /** An upload that was started and never completed or aborted. */
    record UnfinishedUpload(String key, String uploadId, Instant started) {}
}
