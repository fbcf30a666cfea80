package dev.lockstep.internal.snapshot;

import dev.lockstep.Snapshot;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/**
 * An archive read from object storage, checked against its manifest on the way: its SHA-256 and size. The last bytes
 * (at least 64 KB, or all of a smaller archive) are handed on only once the whole archive has been read and matched,
 * so pg_restore never reads the end of an archive that differs from its manifest: it waits for bytes that never come
 * and is stopped, and a restore into a single transaction never reaches its {@code COMMIT}. A mismatch is thrown as
 * {@link Changed}.
 */
final class CheckedArchive extends InputStream {
    private static final int CHUNK = 1 << 16;

    /** The archive is not the one the manifest describes; the message says how it differs. */
    static final class Changed extends IOException {
        private static final long serialVersionUID = 1L;

        Changed(String problem) {
            super(problem);
        }
    }

    private final InputStream source;
    private final Snapshot snapshot;
    private final MessageDigest digest = Checksums.sha256();
    private long size;
    private boolean started;
    private boolean ended;
    private byte[] current = new byte[0];
    private int position;
    private byte[] ahead = new byte[0]; // read from the source and hashed, not handed on yet

    CheckedArchive(InputStream source, Snapshot snapshot) {
        this.source = source;
        this.snapshot = snapshot;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        while (position == current.length) {
            if (!advance()) {
                return -1;
            }
        }
        int count = Math.min(length, current.length - position);
        System.arraycopy(current, position, buffer, offset, count);
        position += count;
        return count;
    }

    /** Reads the rest, so that a mismatch is found even when the reader stopped early. */
    void readToEnd() throws IOException {
        byte[] buffer = new byte[CHUNK];
        while (read(buffer, 0, buffer.length) >= 0) {
            // only hashed
        }
    }

    @Override
    public void close() throws IOException {
        source.close();
    }

    /** Hands on the next chunk; false at the end. A chunk shorter than {@link #CHUNK} means the source ended. */
    private boolean advance() throws IOException {
        if (!started) {
            started = true;
            ahead = fill();
            if (ahead.length < CHUNK) {
                end();
            }
        }
        if (ended) {
            if (ahead.length == 0) {
                return false;
            }
            current = ahead;
            ahead = new byte[0];
        } else {
            byte[] next = fill();
            if (next.length < CHUNK) {
                end(); // ahead and next are the last bytes: checked before either goes on
            }
            current = ahead;
            ahead = next;
        }
        position = 0;
        return true;
    }

    private byte[] fill() throws IOException {
        byte[] chunk = source.readNBytes(CHUNK);
        digest.update(chunk);
        size += chunk.length;
        return chunk;
    }

    private void end() throws Changed {
        String sha256 = Checksums.hex(digest);
        if (!sha256.equals(snapshot.sha256()) || size != snapshot.sizeBytes()) {
            throw new Changed(Checksums.changed(sha256, size, snapshot));
        }
        ended = true;
    }
}
