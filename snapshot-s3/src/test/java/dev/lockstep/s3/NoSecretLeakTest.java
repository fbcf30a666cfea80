package dev.lockstep.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.testsupport.CapturedLogs;
import dev.lockstep.testsupport.Secrets;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Runs after the other test classes of this module and scans what they logged (the AWS SDK at DEBUG included) and
 * every exception they recorded for the database passwords and the S3 secret key.
 */
@Order(Integer.MAX_VALUE)
class NoSecretLeakTest {

    @Test
    void noPasswordOrSecretKeyAppearsInAnyLogLineOrException() {
        assertThat(Secrets.registered()).as("secrets handed out").contains(S3Server.SECRET_KEY).hasSizeGreaterThan(1);
        assertThat(CapturedLogs.lines()).as("captured log lines").hasSizeGreaterThan(100);

        assertThat(Secrets.findLeaks()).isEmpty();
    }
}
