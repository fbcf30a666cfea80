package dev.lockstep;

import static dev.lockstep.LockstepSettings.CONNECT_TIMEOUT;
import static dev.lockstep.LockstepSettings.LOCK_TIMEOUT;
import static dev.lockstep.LockstepSettings.SNAPSHOT_DIRECTORY;
import static dev.lockstep.LockstepSettings.SNAPSHOT_ENABLED;

import dev.lockstep.testsupport.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A directory of migration files a test writes, changes and removes; Flyway reads it as a filesystem location. */
final class Migrations {
    private final Path directory;

    private Migrations(Path directory) {
        this.directory = directory;
    }

    static Migrations in(Path directory) {
        return new Migrations(directory);
    }

    /** Three small migrations: V1 creates customers, V2 orders, V3 adds an index. */
    static Migrations standard(Path directory) {
        return in(directory)
                .add("V1__customers.sql", "CREATE TABLE customers (id bigint PRIMARY KEY, name text NOT NULL);")
                .add("V2__orders.sql", "CREATE TABLE orders (id bigint PRIMARY KEY,"
                        + " customer_id bigint NOT NULL REFERENCES customers (id), total numeric(10, 2));")
                .add("V3__orders_by_customer.sql", "CREATE INDEX orders_by_customer ON orders (customer_id);");
    }

    Migrations add(String fileName, String sql) {
        try {
            Files.writeString(directory.resolve(fileName), sql);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    Migrations remove(String fileName) {
        try {
            Files.delete(directory.resolve(fileName));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    String location() {
        return "filesystem:" + directory.toAbsolutePath();
    }

    /**
     * Lockstep for this database and these migrations, with short timeouts that keep failing tests quick. Without
     * snapshots: they are the subject of the Snapshot* tests (see {@link #withSnapshots}), and the other tests stay
     * fast without a pg_dump per run.
     */
    Lockstep.Builder lockstep(TestDatabase db) {
        return Lockstep.configure(db.dataSource())
                .flyway(f -> f.locations(location()))
                .set(CONNECT_TIMEOUT, java.time.Duration.ofSeconds(10))
                .set(LOCK_TIMEOUT, java.time.Duration.ofSeconds(60))
                .set(SNAPSHOT_ENABLED, false);
    }

    /** {@link #lockstep} with snapshots into {@code snapshots}. */
    Lockstep.Builder withSnapshots(TestDatabase db, Path snapshots) {
        return lockstep(db).set(SNAPSHOT_ENABLED, true).set(SNAPSHOT_DIRECTORY, snapshots);
    }
}
