package dev.lockstep.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plants secrets where the scan must find them. Each planted secret is forgotten afterwards, so that the suite's own
 * final scan ({@link NoSecretLeakTest}) still proves the fixture leaked nothing real.
 */
class SecretsTest {
    private static final Logger LOG = LoggerFactory.getLogger("dev.lockstep.testsupport.planted");
    private final List<String> planted = new ArrayList<>();
    @TempDir
    Path dir;

    @AfterEach
    void forgetPlantedSecrets() {
        planted.forEach(Secrets::forget);
        assertThat(Secrets.findLeaks()).as("nothing but the planted secrets leaked").isEmpty();
    }

    @Test
    void aSecretInADebugLogLineIsFoundAndMaskedInTheReport() {
        String secret = plant();

        LOG.debug("connecting to jdbc:postgresql://db/app with password={}", secret);

        assertThat(Secrets.findLeaks())
                .singleElement()
                .asString()
                .matches("captured log event \\d+: DEBUG dev.lockstep.testsupport.planted - connecting to"
                        + " jdbc:postgresql://db/app with password=\\*\\*\\*")
                .doesNotContain(secret);
    }

    @Test
    void aSecretInAnExceptionChainIsFoundWhetherLoggedOrRecorded() {
        String secret = plant();
        IllegalStateException failure = new IllegalStateException("migration failed",
                new SQLException("FATAL: role \"app\" with " + secret));
        failure.addSuppressed(new IllegalArgumentException("cleanup failed too"));

        LOG.info("run failed", failure);
        CapturedLogs.record(failure);

        List<String> lines = CapturedLogs.lines();
        assertThat(lines.get(lines.size() - 2)).isEqualTo("INFO dev.lockstep.testsupport.planted - run failed\n"
                + "  java.lang.IllegalStateException: migration failed\n"
                + "  suppressed: java.lang.IllegalArgumentException: cleanup failed too\n"
                + "  caused by: java.sql.SQLException: FATAL: role \"app\" with " + secret);
        assertThat(lines.get(lines.size() - 1)).isEqualTo("recorded java.lang.IllegalStateException: migration failed\n"
                + "  suppressed: java.lang.IllegalArgumentException: cleanup failed too\n"
                + "  caused by: java.sql.SQLException: FATAL: role \"app\" with " + secret);
        assertThat(Secrets.findLeaks()).hasSize(2)
                .allSatisfy(leak -> assertThat(leak).contains("with ***").doesNotContain(secret));
    }

    @Test
    void aSecretInARegisteredFileIsFoundWithTheFileAndLine() throws IOException {
        String secret = plant();
        Path log = dir.resolve("child.log");
        Files.writeString(log, "starting\nPGPASSWORD=" + secret + " pg_dump\ndone\n");

        CapturedLogs.registerFile(log);

        assertThat(Secrets.findLeaks()).containsExactly(log.toAbsolutePath() + ":2: PGPASSWORD=*** pg_dump");
    }

    @Test
    void blankSecretsAreIgnoredAndTheLongestSecretIsMaskedWhole() {
        int before = Secrets.registered().size();
        Secrets.register(null);
        Secrets.register("  ");
        assertThat(Secrets.registered()).hasSize(before);

        String longer = plant();
        String shorter = longer.substring(0, 12);
        planted.add(shorter);
        Secrets.register(shorter);
        LOG.info("token {}", longer);

        assertThat(Secrets.findLeaks()).singleElement().asString().endsWith("token ***");
    }

    private String plant() {
        // Not from Passwords.generate(): that registers its result, which would outlive the planted secret.
        String secret = "planted-" + UUID.randomUUID();
        Secrets.register(secret);
        planted.add(secret);
        return secret;
    }
}
