package dev.lockstep.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.lockstep.testsupport.PostgresTest;
import dev.lockstep.testsupport.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The password reaches bin/lockstep from every source an operator uses, and never from or onto a command line: not
 * in the java process' argv, not in stdout, stderr or the JSON.
 */
@PostgresTest
class SecretsIT {
    @TempDir
    static Path dir;
    static Path shop;
    private final TestDatabase db;

    SecretsIT(TestDatabase db) {
        this.db = db;
    }

    @BeforeAll
    static void migrationsOnDisk() {
        Cli.assertLauncherBuilt();
        shop = Cli.migrations("shop", dir.resolve("shop"));
    }

    @Test
    void thePasswordComesFromAPasswordFile() throws Exception {
        Path file = Files.writeString(dir.resolve("password"), db.password() + "\n");

        Cli.Result result = withoutPassword("history", "--password-file", file.toString()).run();

        assertConnectedWithoutLeak(result);
    }

    @Test
    void thePasswordComesFromPgpassword() {
        assertConnectedWithoutLeak(withoutPassword("history").env("PGPASSWORD", db.password()).run());
    }

    @Test
    void thePasswordComesFromThePgpassFileNamedByPgpassfileMatchedAsLibpqMatches() throws Exception {
        Path pgpass = pgpass("other-host:*:*:*:wrong\n*:*:" + db.name() + ":" + db.user() + ":"
                + db.password().replace("\\", "\\\\").replace(":", "\\:") + "\n", "rw-------");

        Cli.Result result = withoutPassword("history").env("PGPASSFILE", pgpass.toString()).run();

        assertConnectedWithoutLeak(result);
    }

    @Test
    void aPgpassFileOthersMayReadIsIgnoredWithAWarning() throws Exception {
        Path pgpass = pgpass("*:*:*:*:" + db.password() + "\n", "rw-r--r--");

        Cli.Result result = withoutPassword("history", "--set", "connect-timeout=1s").env("PGPASSFILE", pgpass.toString())
                .run();

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(3);
        assertThat(result.stderr()).contains("lockstep: warning: password file " + pgpass + " has group or world access"
                + " and is ignored; permissions should be u=rw (0600) or less: chmod 0600 " + pgpass);
        assertThat(result.toString()).doesNotContain(db.password());
    }

    @Test
    void thereIsNoPasswordOptionAndATriedOneIsNotEchoed() {
        for (String[] tried : new String[][] {{"--password", db.password()}, {"--password=" + db.password()},
            {"-p", db.password()}}) {
            Cli.Result result = withoutPassword("status", "--locations", "filesystem:" + shop).args(tried).run();

            assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
            assertThat(result.stderr()).contains("lockstep: there is no --password option: a command line can be read"
                    + " by every user of this machine");
            assertThat(result.stdout() + result.stderr()).doesNotContain(db.password());
        }
    }

    @Test
    void aPasswordInTheUrlOnTheCommandLineIsRefused() {
        Cli.Result result = Cli.lockstep("history", "--url", db.jdbcUrl() + "?password=" + db.password(),
                "--user", db.user()).run();

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.stderr()).contains("--url carries a password, and a command line is readable by every user");
        assertThat(result.stdout() + result.stderr()).doesNotContain(db.password());
    }

    /** Read while the command waits for a lock the test holds: the real java process, mid-run. */
    @Test
    void thePasswordIsInNeitherTheJavaProcessArgvNorItsOutput() throws Exception {
        Cli.Running running;
        String argv;
        try (Connection holder = db.connect(); Statement statement = holder.createStatement()) {
            statement.execute("SELECT pg_advisory_lock(4343)");
            running = Cli.lockstep(db, "migrate", "--json", "--locations", "filesystem:" + shop,
                    "--set", "lock.key=4343", "--set", "snapshot.directory=" + dir.resolve("snapshots")).start();
            Path cmdline = Path.of("/proc", Long.toString(running.pid()), "cmdline");
            await().atMost(Duration.ofSeconds(60)).until(() -> db.queryLong("SELECT count(*) FROM pg_stat_activity"
                    + " WHERE application_name LIKE 'lockstep:%' AND datname = current_database()") > 0);
            argv = new String(Files.readAllBytes(cmdline), StandardCharsets.UTF_8).replace('\0', ' ');
        }
        Cli.Result result = running.waitFor(Duration.ofMinutes(2));

        assertThat(argv).as("the launcher execs java: this is the JVM's command line")
                .contains("dev.lockstep.cli.Main migrate --json").doesNotContain(db.password());
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(Json.parse(result.stdout())).containsEntry("outcome", "MIGRATED");
        assertThat(result.stdout()).doesNotContain(db.password());
        assertThat(result.stderr()).doesNotContain(db.password());
    }

    private Cli withoutPassword(String... args) {
        return Cli.lockstep(args).args("--url", db.jdbcUrl(), "--user", db.user());
    }

    private Path pgpass(String content, String permissions) throws Exception {
        Path file = Files.createTempFile(dir, "pgpass", "");
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
        return file;
    }

    private void assertConnectedWithoutLeak(Cli.Result result) {
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdout()).isNotEmpty().doesNotContain(db.password());
        assertThat(result.stderr()).doesNotContain(db.password());
    }
}
