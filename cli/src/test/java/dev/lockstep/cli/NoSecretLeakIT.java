package dev.lockstep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.testsupport.CapturedLogs;
import dev.lockstep.testsupport.Secrets;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Runs after every other test class of this JVM (junit-platform.properties orders classes by @Order) and scans the
 * stdout and stderr of every bin/lockstep run, and the server's log, for any password the fixture handed out.
 */
@Order(Integer.MAX_VALUE)
class NoSecretLeakIT {

    @Test
    void noPasswordAppearsInTheOutputOfAnyRun() {
        assertThat(Secrets.registered()).as("passwords the fixture handed out").isNotEmpty();
        assertThat(CapturedLogs.files()).as("stdout and stderr of the runs").isNotEmpty();

        assertThat(Secrets.findLeaks()).isEmpty();
    }
}
