package dev.lockstep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.testsupport.PostgresTest;
import dev.lockstep.testsupport.TestDatabase;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One failure of each class, run through bin/lockstep: its exit code and the message an operator reads. */
@PostgresTest
class ExitCodesIT {
    @TempDir
    static Path dir;
    static Path shop;
    static Path broken;
    private final TestDatabase db;

    ExitCodesIT(TestDatabase db) {
        this.db = db;
    }

    @BeforeAll
    static void migrationsOnDisk() {
        Cli.assertLauncherBuilt();
        shop = Cli.migrations("shop", dir.resolve("shop"));
        broken = Cli.migrations("broken", dir.resolve("broken"));
    }

    @Test
    void anUnknownFlagIsAUsageError() {
        Cli.Result result = Cli.lockstep(db, "migrate", "--lokations", "filesystem:" + shop).run();

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.stderr()).contains("lockstep: Unknown options: '--lokations'")
                .contains("Possible solutions: --locations")
                .contains("Run 'lockstep migrate --help' for the options and examples.");
    }

    @Test
    void aBadSettingIsAUsageErrorNamingItsFlagAndVariable() {
        Cli.Result flag = Cli.lockstep(db, "migrate", "--locations", "filesystem:" + shop, "--set", "lock.timeout=soon")
                .run();
        Cli.Result variable = Cli.lockstep(db, "status", "--locations", "filesystem:" + shop)
                .env("LOCKSTEP_SNAPSHOT_KEEP", "0").run();

        assertThat(flag.exitCode()).as(flag.toString()).isEqualTo(2);
        assertThat(flag.stderr()).contains("lockstep: INVALID_CONFIGURATION: Invalid Lockstep setting lock.timeout=soon")
                .contains("lockstep: set it with --set lock.timeout=<value> or LOCKSTEP_LOCK_TIMEOUT");
        assertThat(variable.exitCode()).as(variable.toString()).isEqualTo(2);
        assertThat(variable.stderr()).contains("Invalid Lockstep setting snapshot.keep=0");
    }

    @Test
    void aWrongPasswordIsAConnectionFailureThatSaysWhereThePasswordComesFrom() {
        Cli.Result result = Cli.lockstep(db, "migrate", "--locations", "filesystem:" + shop)
                .env("LOCKSTEP_PASSWORD", "not-the-password").run();

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(3);
        assertThat(result.stderr()).contains("lockstep: AUTHENTICATION_FAILED: PostgreSQL at " + db.jdbcUrl()
                + " refused the credentials").contains("the CLI takes the password from --password-file,"
                + " LOCKSTEP_PASSWORD, PGPASSWORD or ~/.pgpass");
    }

    @Test
    void anUnreachableDatabaseIsAConnectionFailureAfterConnectTimeout() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Cli.Result result = Cli.lockstep("migrate", "--url", "jdbc:postgresql://127.0.0.1:" + port + "/shop",
                "--user", "shop", "--locations", "filesystem:" + shop, "--set", "connect-timeout=1s").run();

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(3);
        assertThat(result.stderr()).contains("lockstep: CONNECTION_FAILED: Could not connect to jdbc:postgresql://127.0.0.1:"
                + port + "/shop within connect-timeout=1s");
    }

    @Test
    void aLockHeldLongerThanLockTimeoutIsATimeout() throws Exception {
        try (Connection holder = db.connect(); Statement statement = holder.createStatement()) {
            statement.execute("SELECT pg_advisory_lock(4242)");

            Cli.Result result = Cli.lockstep(db, "migrate", "--locations", "filesystem:" + shop,
                    "--set", "lock.key=4242", "--set", "lock.timeout=1s").run();

            assertThat(result.exitCode()).as(result.toString()).isEqualTo(4);
            assertThat(result.stderr()).contains("lockstep: LOCK_TIMEOUT: ")
                    .contains("Gave up waiting for the Lockstep lock after lock.timeout=1s: it is held by pid ");
        }
    }

    @Test
    void aFailingMigrationExitsFiveWithTheReportAndTheFailureAsJson() {
        try (TestDatabase fresh = TestDatabase.create("exit_codes_failing")) {
            Cli.Result text = Cli.lockstep(fresh, "migrate", "--locations", "filesystem:" + broken,
                    "--set", "snapshot.enabled=false").run();
            Cli.Result json = Cli.lockstep(fresh, "migrate", "--json", "--locations", "filesystem:" + broken,
                    "--set", "snapshot.enabled=false").run();

            assertThat(text.exitCode()).as(text.toString()).isEqualTo(5);
            assertThat(text.stdout()).startsWith("FAILED").contains("Failed:").contains("v2 broken (SQLSTATE 42P01)");
            assertThat(text.stderr()).contains("lockstep: MIGRATION_FAILED: ");
            assertThat(json.exitCode()).as(json.toString()).isEqualTo(5);
            Map<String, Object> failure = Json.parse(json.stdout());
            assertThat(failure).containsEntry("errorCode", "MIGRATION_FAILED");
            assertThat(failure.get("migration")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                    .containsEntry("version", "2").containsEntry("sqlState", "42P01");
        }
    }

    @Test
    void pendingMigrationsAreExitSevenForValidateAndFailOnPending() {
        try (TestDatabase fresh = TestDatabase.create("exit_codes_pending")) {
            Cli.Result validate = Cli.lockstep(fresh, "validate", "--locations", "filesystem:" + shop).run();
            Cli.Result status = Cli.lockstep(fresh, "status", "--fail-on-pending", "--locations", "filesystem:" + shop)
                    .run();

            assertThat(validate.exitCode()).as(validate.toString()).isEqualTo(7);
            assertThat(validate.stderr()).contains("lockstep: PENDING_MIGRATIONS: ");
            assertThat(status.exitCode()).as(status.toString()).isEqualTo(7);
            assertThat(status.stdout()).contains("PENDING");
        }
    }

    @Test
    void anUnknownSnapshotIsASnapshotFailure() {
        Cli.Result result = Cli.lockstep(db, "snapshots", "verify", "lockstep-nothing-here",
                "--set", "snapshot.directory=" + dir.resolve("snapshots")).run();

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(6);
        assertThat(result.stderr()).contains("lockstep: SNAPSHOT_NOT_FOUND: No snapshot lockstep-nothing-here");
    }

    @Test
    void aStatusThatCannotReadTheDatabaseIsAConnectionFailure() {
        Cli.Result result = Cli.lockstep(db, "status", "--json", "--locations", "filesystem:" + shop)
                .env("LOCKSTEP_PASSWORD", "not-the-password").run();

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(3);
        assertThat(Json.parse(result.stdout())).containsEntry("state", "UNREACHABLE").containsEntry("health", "DOWN");
    }

    @Test
    void aDatabaseWithoutMigrationsGivenIsAUsageError() {
        Cli.Result result = Cli.lockstep(db, "status").run();

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.stderr()).contains("No migrations given. Pass --locations filesystem:db/migration");
    }
}
