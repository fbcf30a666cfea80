package dev.lockstep.samples.plain;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.lockstep.AppliedMigration;
import dev.lockstep.Lockstep;
import dev.lockstep.LockstepException;
import dev.lockstep.LockstepSettings;
import dev.lockstep.MigrationReport;
import dev.lockstep.SchemaStatus;
import dev.lockstep.Views;
import dev.lockstep.embedded.EmbeddedDatabase;
import dev.lockstep.embedded.EmbeddedPostgres;
import java.io.PrintStream;
import java.util.Map;

/**
 * Migrates the schema in {@code src/main/resources/db/migration} with Lockstep, then prints the run's report and
 * the schema status.
 *
 * <p>The database is {@code SAMPLE_JDBC_URL} (with {@code SAMPLE_USER} and
 * {@code SAMPLE_PASSWORD}) when set, else a throwaway PostgreSQL started from the locally installed
 * binaries and stopped when the JVM exits. Lockstep's settings come from {@code LOCKSTEP_*} variables, such as
 * {@code LOCKSTEP_LOCK_TIMEOUT=2m} or {@code LOCKSTEP_MODE=validate}.
 *
 * <pre>
 * ./mvnw -q -pl samples/plain-java -am compile exec:java
 * </pre>
 */
public final class PlainJavaSample {
    static final String URL_VARIABLE = "SAMPLE_JDBC_URL";
    static final String USER_VARIABLE = "SAMPLE_USER";
    static final String PASSWORD_VARIABLE = "SAMPLE_PASSWORD";

    private PlainJavaSample() {}

    public static void main(String[] args) {
        Map<String, String> environment = System.getenv();
        int exitCode;
        try {
            LockstepSettings settings = LockstepSettings.fromEnvironment(environment);
            String url = environment.get(URL_VARIABLE);
            if (url != null && !url.isBlank()) {
                exitCode = run(url, environment.get(USER_VARIABLE), environment.get(PASSWORD_VARIABLE), settings,
                        System.out);
            } else {
                EmbeddedDatabase database = throwawayDatabase();
                exitCode = database == null ? 1
                        : run(database.jdbcUrl(), database.user(), database.password(), settings, System.out);
            }
        } catch (LockstepException e) {
            exitCode = failed(e, System.out);
        }
        // Exit only on failure: under exec:java this JVM is Maven's, and a normal return lets it finish cleanly.
        if (exitCode != 0) {
            System.exit(exitCode);
        }
    }

    /**
     * Migrates the database at {@code jdbcUrl} and prints the report and the status to {@code out}.
     *
     * @return the process exit code: 0 when the schema is migrated, 1 when Lockstep failed
     */
    public static int run(String jdbcUrl, String user, String password, LockstepSettings settings, PrintStream out) {
        // A URL may carry a password (?password=..., //user:password@host): print it as Lockstep prints URLs.
        out.println("Database:  " + Views.redacted(jdbcUrl) + (user == null ? "" : " as " + user));
        try (HikariDataSource dataSource = pool(jdbcUrl, user, password)) {
            Lockstep lockstep = Lockstep.configure(dataSource)
                    .flyway(f -> f.locations("classpath:db/migration"))
                    .settings(settings)
                    .build();

            MigrationReport report = lockstep.migrate();
            out.println("Run:       " + report.summary());
            if (report.snapshot() != null) {
                out.printf("Snapshot:  %s (%d KB) in %s%n", report.snapshot().id(), report.snapshot().sizeBytes() / 1024,
                        report.snapshot().file().getParent());
            }
            for (AppliedMigration migration : report.applied()) {
                out.printf("Applied:   %-6s %-24s %5d ms%n", label(migration), migration.description(),
                        migration.duration().toMillis());
            }

            SchemaStatus status = lockstep.status();
            out.printf("Status:    %s (health %s), current %s, target %s, %d pending%s%n", status.state(),
                    status.health(), version(status.currentVersion()), version(status.targetVersion()),
                    status.pendingCount(), status.pending().isEmpty() ? "" : " " + status.pending());
            if (!status.message().isEmpty()) {
                out.println("           " + status.message());
            }
            return 0;
        } catch (LockstepException e) {
            return failed(e, out);
        }
    }

    /** A throwaway database, or null (after saying why) when no PostgreSQL can be started here. */
    private static EmbeddedDatabase throwawayDatabase() {
        try {
            return EmbeddedPostgres.shared().createDatabase("lockstep_sample");
        } catch (IllegalStateException e) {
            System.out.println("No database: " + e.getMessage() + " Or set " + URL_VARIABLE + ", " + USER_VARIABLE
                    + " and " + PASSWORD_VARIABLE + ".");
            return null;
        }
    }

    private static HikariDataSource pool(String jdbcUrl, String user, String password) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("sample");
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(4);
        // Start the pool without a connection: Lockstep retries the first one until connect-timeout, for a
        // database that starts after the service.
        config.setInitializationFailTimeout(-1);
        return new HikariDataSource(config);
    }

    private static int failed(LockstepException e, PrintStream out) {
        out.println("Lockstep failed (" + e.code() + "): " + e.getMessage());
        return 1;
    }

    private static String version(String version) {
        return version == null ? "<empty>" : "v" + version;
    }

    private static String label(AppliedMigration migration) {
        return migration.version() == null ? "R" : "v" + migration.version();
    }
}
