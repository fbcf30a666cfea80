package dev.lockstep.samples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.testsupport.CapturedLogs;
import dev.lockstep.testsupport.Secrets;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Runs after the other test classes (junit-platform.properties orders classes by @Order) and scans what they
 * logged and what every replica JVM printed for any password the fixture handed out, the throwaway database's
 * included.
 */
@Order(Integer.MAX_VALUE)
class NoSecretLeakTest {

    @Test
    void noPasswordAppearsInAnyLogLineOrReplicaOutput() {
        assertThat(Secrets.registered()).as("passwords the fixture handed out").isNotEmpty();
        assertThat(CapturedLogs.files()).as("replica logs").isNotEmpty();

        assertThat(Secrets.findLeaks()).isEmpty();
    }
}
