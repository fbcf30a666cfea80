package dev.lockstep.internal.snapshot;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * How the PostgreSQL client programs of one operation connect: the libpq environment translated from the JDBC
 * settings, and a passfile for the password that lives only as long as the operation. Closing deletes it, also
 * when the operation failed.
 */
final class ChildSession implements AutoCloseable {
    private final LibpqEnvironment libpq;
    private final @Nullable Passfile passfile;
    private final String applicationName;

    ChildSession(LibpqEnvironment libpq, @Nullable Passfile passfile, String applicationName) {
        this.libpq = libpq;
        this.passfile = passfile;
        this.applicationName = applicationName;
    }

    static ChildSession open(LibpqEnvironment libpq, Path passfileDirectory, String applicationName) {
        return new ChildSession(libpq, libpq.createPassfile(passfileDirectory), applicationName);
    }

    /** Replaces every inherited {@code PG*} variable with ours. */
    void applyTo(ProcessBuilder child) {
        libpq.applyTo(child, passfile);
    }

    String hosts() {
        return libpq.variables().getOrDefault("PGHOST", "localhost");
    }

    String applicationName() {
        return applicationName;
    }

    @Override
    public void close() {
        if (passfile != null) {
            passfile.close();
        }
    }
}
