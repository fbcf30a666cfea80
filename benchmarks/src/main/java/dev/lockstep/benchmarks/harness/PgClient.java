package dev.lockstep.benchmarks.harness;

import dev.lockstep.embedded.EmbeddedDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs the PostgreSQL client programs (pg_dump, pg_restore) against one test database the way an operator would,
 * for the raw baselines of the snapshot section. The password goes into a {@code PGPASSFILE} (mode 0600, deleted by
 * {@link #close()}), never onto a command line, and no inherited {@code PG*} variable reaches the child.
 */
public final class PgClient implements AutoCloseable {
    private final EmbeddedDatabase db;
    private final Path passfile;

    public PgClient(EmbeddedDatabase db, Path directory) {
        this.db = db;
        try {
            passfile = Files.createTempFile(directory, "bench-pgpass-", "",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(passfile, "*:*:*:*:" + escape(db.password()) + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the benchmark's password file", e);
        }
    }

    /** Runs {@code program args...}; returns its wall time in nanoseconds. stdout goes to {@code stdout}. */
    public long run(Path stdout, String program, String... args) {
        List<String> command = new ArrayList<>();
        command.add(program);
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(stdout.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("PG"));
        env.put("PGHOST", db.server().host());
        env.put("PGPORT", String.valueOf(db.server().port()));
        env.put("PGDATABASE", db.name());
        env.put("PGUSER", db.user());
        env.put("PGPASSFILE", passfile.toString());
        try {
            Path stderr = Files.createTempFile(passfile.getParent(), "bench-stderr-", ".txt");
            try {
                builder.redirectError(stderr.toFile());
                long start = System.nanoTime();
                int exit = builder.start().waitFor();
                long nanos = System.nanoTime() - start;
                Fixture.require(exit == 0, String.join(" ", command) + " exited with " + exit + ": "
                        + Files.readString(stderr).strip());
                return nanos;
            } finally {
                Files.deleteIfExists(stderr);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + program, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() {
        try {
            Files.deleteIfExists(passfile);
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete the benchmark's password file " + passfile, e);
        }
    }

    /** libpq's passfile syntax: {@code :} and {@code \} inside a field are escaped with a backslash. */
    private static String escape(String field) {
        return field.replace("\\", "\\\\").replace(":", "\\:");
    }
}
