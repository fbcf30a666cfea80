package dev.lockstep.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.lockstep.testsupport.PostgresTest;
import dev.lockstep.testsupport.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On a terminal (a pseudo-terminal from util-linux script), a migrate that waits for the lock says so, and who holds
 * it, on a line it rewrites, and the results are coloured; in a pipe, neither.
 */
@PostgresTest
class ProgressIT {
    private final TestDatabase db;
    @TempDir
    Path dir;

    ProgressIT(TestDatabase db) {
        this.db = db;
    }

    @Test
    void waitingForTheLockShowsTheHolderOnATerminalOnly() throws Exception {
        Path migrations = Cli.migrations("shop", dir.resolve("migrations"));
        Cli.Result terminal;
        Cli.Result pipe;
        try (Connection holder = db.connect(); Statement statement = holder.createStatement()) {
            statement.execute("SET application_name = 'release-42'");
            statement.execute("SELECT pg_advisory_lock(4444)");
            Cli.Running onTerminal = cli(migrations).onTerminal().start();
            Cli.Running piped = cli(migrations).start();
            await().atMost(Duration.ofSeconds(60)).until(() -> db.queryLong("SELECT count(*) FROM pg_stat_activity"
                    + " WHERE application_name LIKE 'lockstep:%' AND datname = current_database()") >= 2);
            statement.execute("SELECT pg_advisory_unlock(4444)");
            terminal = onTerminal.waitFor(Duration.ofMinutes(2));
            pipe = piped.waitFor(Duration.ofMinutes(2));
        }

        assertThat(terminal.exitCode()).as(terminal.toString()).isZero();
        assertThat(terminal.stdout()).contains("waiting for the lock held by pid ").contains("(release-42, 127.0.0.1")
                .contains("\r\u001B[K").containsPattern("(MIGRATED|UP_TO_DATE) ");
        assertThat(pipe.exitCode()).as(pipe.toString()).isZero();
        assertThat(pipe.stderr()).doesNotContain("waiting for the lock");
        assertThat(pipe.stdout()).as("no colour in a pipe").doesNotContain("\u001B[");
    }

    @Test
    void coloursOnATerminalUnlessSwitchedOff() {
        Path migrations = Cli.migrations("shop", dir.resolve("migrations"));

        Cli.Result colour = Cli.lockstep(db, "status", "--locations", "filesystem:" + migrations).onTerminal().run();
        Cli.Result plain = Cli.lockstep(db, "status", "--no-color", "--locations", "filesystem:" + migrations)
                .onTerminal().run();
        Cli.Result noColorVariable = Cli.lockstep(db, "status", "--locations", "filesystem:" + migrations)
                .env("NO_COLOR", "1").onTerminal().run();

        assertThat(colour.exitCode()).as(colour.toString()).isZero();
        assertThat(colour.stdout()).containsPattern("State:\\s+(\u001B\\[[0-9;]+m)+PENDING\u001B\\[0m \\(health");
        assertThat(plain.stdout()).contains("State:").doesNotContain("\u001B[");
        assertThat(noColorVariable.stdout()).contains("State:").doesNotContain("\u001B[");
    }

    private Cli cli(Path migrations) {
        return Cli.lockstep(db, "migrate", "--locations", "filesystem:" + migrations, "--set", "lock.key=4444",
                "--set", "snapshot.enabled=false");
    }
}
