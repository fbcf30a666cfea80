package dev.lockstep.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockstep.ErrorCode;
import dev.lockstep.LockstepException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Where the URL, the user and the password come from, in order; what is refused. */
class ConnectionOptionsTest {
    private static final String URL = "jdbc:postgresql://db.internal:5432/shop";

    @TempDir
    Path dir;
    final Map<String, String> environment = new HashMap<>();

    @Test
    void flagsWinOverTheEnvironmentAndThePasswordFileOverEveryVariable() throws Exception {
        Path file = Files.writeString(dir.resolve("password"), "from-file\nsecond line ignored\n");
        environment.putAll(Map.of("LOCKSTEP_URL", "jdbc:postgresql://other/db", "LOCKSTEP_USER", "env-user",
                "LOCKSTEP_PASSWORD", "from-lockstep", "PGPASSWORD", "from-pg"));

        ConnectionOptions.Login login = login("--url", URL, "--user", "flag-user", "--password-file", file.toString());

        assertThat(login.url()).isEqualTo(URL);
        assertThat(login.user()).isEqualTo("flag-user");
        assertThat(login.password()).isEqualTo("from-file");
        assertThat(login.toString()).doesNotContain("from-file").contains("password from --password-file");
    }

    @Test
    void lockstepPasswordWinsOverPgpasswordWhichWinsOverThePgpassFile() throws Exception {
        Path pgpass = Files.writeString(dir.resolve("pgpass"), "*:*:*:*:from-pgpass\n");
        Files.setPosixFilePermissions(pgpass, PosixFilePermissions.fromString("rw-------"));
        environment.putAll(Map.of("LOCKSTEP_URL", URL, "LOCKSTEP_USER", "shop", "PGPASSFILE", pgpass.toString()));

        assertThat(login().password()).isEqualTo("from-pgpass");
        environment.put("PGPASSWORD", "from-pg");
        assertThat(login().password()).isEqualTo("from-pg");
        environment.put("LOCKSTEP_PASSWORD", "from-lockstep");
        assertThat(login().password()).isEqualTo("from-lockstep");
        assertThat(login().url()).isEqualTo(URL);
    }

    @Test
    void theUserFallsBackToTheUrlThenPguserThenTheOperatingSystemUser() {
        assertThat(login("--url", URL + "?user=in-url").user()).isEqualTo("in-url");
        environment.put("PGUSER", "pg-user");
        assertThat(login("--url", URL).user()).isEqualTo("pg-user");
        environment.remove("PGUSER");
        assertThat(login("--url", URL).user()).isEqualTo(System.getProperty("user.name"));
    }

    @Test
    void aPasswordInTheUrlFlagIsRefusedWithoutRepeatingIt() {
        assertThatThrownBy(() -> login("--url", URL + "?password=hunter2"))
                .isInstanceOfSatisfying(LockstepException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIGURATION))
                .hasMessageStartingWith("--url carries a password, and a command line is readable by every user")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void noUrlAndNotAPostgresqlUrlAreUsageErrors() {
        assertThatThrownBy(this::login).hasMessage("No database given. Pass --url"
                + " jdbc:postgresql://host:5432/database, or set LOCKSTEP_URL.");
        assertThatThrownBy(() -> login("--url", "jdbc:mysql://db/shop"))
                .hasMessageStartingWith("--url must be a PostgreSQL JDBC URL");
    }

    @Test
    void anEmptyPasswordFileIsRefused() throws Exception {
        Path file = Files.writeString(dir.resolve("empty"), "\n");

        assertThatThrownBy(() -> login("--url", URL, "--password-file", file.toString()))
                .hasMessage("The --password-file " + file + " is empty; its first line must be the password.");
    }

    private ConnectionOptions.Login login(String... args) {
        ConnectionOptions options = new ConnectionOptions();
        new CommandLine(options).parseArgs(args);
        environment.putIfAbsent("PGPASSFILE", dir.resolve("no-pgpass").toString());
        return options.login(environment, warning -> {});
    }
}
