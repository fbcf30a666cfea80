package dev.lockstep;

import static dev.lockstep.LockstepSettings.LOCK_TIMEOUT;

import dev.lockstep.embedded.process.StartSignal;
import dev.lockstep.spi.MigrationListener;
import java.time.Duration;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * One replica in its own JVM, for the multi-process tests: {@code ReplicaMain <jdbcUrl> <user> <location>
 * <instance> [--together]}, the password in REPLICA_PASSWORD (never on the command line), other
 * settings from {@code LOCKSTEP_*} variables. Prints one line per event and a final {@code REPORT} or
 * {@code FAILED} line.
 */
public final class ReplicaMain {
    private ReplicaMain() {}

    public static void main(String[] args) throws Exception {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(args[0]);
        dataSource.setUser(args[1]);
        dataSource.setPassword(System.getenv("REPLICA_PASSWORD"));
        Lockstep lockstep = Lockstep.configure(dataSource)
                .flyway(f -> f.locations(args[2]))
                .settings(LockstepSettings.fromEnvironment(System.getenv()))
                .instanceName(args[3])
                .set(LOCK_TIMEOUT, Duration.ofMinutes(2))
                .listener(new MigrationListener() {
                    @Override
                    public void migrationStarting(String version, String description) {
                        System.out.println("STARTING " + version);
                    }

                    @Override
                    public void migrationApplied(AppliedMigration migration) {
                        System.out.println("APPLIED " + migration.version());
                    }
                })
                .build();
        if (args.length > 4 && args[4].equals("--together")) {
            StartSignal.awaitGo();
        }
        try {
            MigrationReport report = lockstep.migrate();
            System.out.println("REPORT " + report.outcome() + " applied=" + report.applied().size() + " state="
                    + report.state() + " status=" + lockstep.status().state() + " snapshot="
                    + (report.snapshot() == null ? "none" : report.snapshot().id()));
        } catch (LockstepException e) {
            System.out.println("FAILED " + e.code() + " " + e.getMessage());
            System.exit(1);
        }
    }
}
