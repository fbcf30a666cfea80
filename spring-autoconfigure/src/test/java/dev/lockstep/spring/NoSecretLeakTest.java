package dev.lockstep.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.testsupport.CapturedLogs;
import dev.lockstep.testsupport.Secrets;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Runs after every other test class of this module (junit-platform.properties orders classes by @Order) and scans
 * everything they logged, including Spring Boot's failure reports, for any password the fixture handed out.
 */
@Order(Integer.MAX_VALUE)
class NoSecretLeakTest {

    @Test
    void noPasswordAppearsInAnyLogLineOrException() {
        assertThat(Secrets.registered()).as("passwords the fixture handed out").isNotEmpty();
        assertThat(CapturedLogs.lines()).as("captured log lines").hasSizeGreaterThan(100);

        assertThat(Secrets.findLeaks()).isEmpty();
    }
}
