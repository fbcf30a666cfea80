package dev.lockstep.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Runs after every other test class (junit-platform.properties orders classes by @Order) and scans what they logged,
 * the exceptions they recorded, the server log and every child's output for any password the fixture handed out.
 */
@Order(Integer.MAX_VALUE)
class NoSecretLeakTest {

    @Test
    void noPasswordAppearsInAnyLogLineExceptionOrChildOutput() {
        assertThat(Secrets.registered()).as("passwords the fixture handed out").isNotEmpty();
        assertThat(CapturedLogs.lines()).as("captured log lines").isNotEmpty();
        assertThat(CapturedLogs.files()).as("registered files (child JVM logs, server log)").isNotEmpty();

        assertThat(Secrets.findLeaks()).isEmpty();
    }
}
