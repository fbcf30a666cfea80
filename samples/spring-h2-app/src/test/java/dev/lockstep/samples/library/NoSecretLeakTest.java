package dev.lockstep.samples.library;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.testsupport.CapturedLogs;
import dev.lockstep.testsupport.Secrets;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/** Runs last (junit-platform.properties orders classes by @Order): no password in anything the tests logged. */
@Order(Integer.MAX_VALUE)
class NoSecretLeakTest {

    @Test
    void noPasswordAppearsInAnyLogLine() {
        assertThat(Secrets.registered()).as("passwords the fixture handed out").isNotEmpty();
        assertThat(CapturedLogs.lines()).as("captured log lines").isNotEmpty();

        assertThat(Secrets.findLeaks()).isEmpty();
    }
}
