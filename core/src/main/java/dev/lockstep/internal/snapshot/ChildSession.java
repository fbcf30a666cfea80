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

    /**
     * The value of {@code --dbname} that connects to {@code database}: a one-keyword connection string, so that a
     * name holding {@code =} or starting like a URI is taken as a name, not read as connection options.
     */
    static String dbname(String database) {
        return "dbname='" + database.replace("\\", "\\\\").replace("'", "\\'") + "'";
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
