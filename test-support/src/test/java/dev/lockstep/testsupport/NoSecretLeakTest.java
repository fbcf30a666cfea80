package dev.lockstep.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Each test class of this module is scanned for leaked passwords when it ends ({@link SecretScan}, auto-detected).
 * This checks that the scan knows the fixture's passwords and reads the server's log, and, ordered last where the
 * order allows it, scans everything once more for what was written after a class ended.
 */
@PostgresTest
@Order(Integer.MAX_VALUE)
class NoSecretLeakTest {

    @Test
    void thePasswordsHandedOutAndTheServersLogAreScanned(TestDatabase db) {
        assertThat(Secrets.registered()).contains(db.password());
        db.server().serverLog().ifPresent(log -> assertThat(CapturedLogs.files()).contains(log.toAbsolutePath()));
    }

    @Test
    void noPasswordAppearsInAnythingCapturedSoFar() {
        assertThat(Secrets.findLeaks()).isEmpty();
    }
}
