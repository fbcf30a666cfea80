package dev.lockstep;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.testsupport.SecretScan;
import dev.lockstep.testsupport.Secrets;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.Extension;

/**
 * No password the fixture handed out reaches a log line, an exception a test recorded or a child JVM's output. Each
 * test class is scanned when it ends ({@link SecretScan}, registered for every class of this module), so a leak fails
 * the class that caused it whatever order the classes run in. This class checks that the scan is switched on, and,
 * ordered last where the order allows it, scans everything once more for what was written after a class ended.
 */
@Order(Integer.MAX_VALUE)
class NoSecretLeakTest {

    @Test
    void everyTestClassOfThisModuleIsScannedWhenItEnds() throws IOException {
        Properties junit = new Properties();
        try (InputStream in = NoSecretLeakTest.class.getResourceAsStream("/junit-platform.properties")) {
            junit.load(in);
        }
        assertThat(junit.getProperty("junit.jupiter.extensions.autodetection.enabled")).isEqualTo("true");
        assertThat(ServiceLoader.load(Extension.class)).anyMatch(SecretScan.class::isInstance)
                .anyMatch(ListenerExceptions.class::isInstance);
    }

    @Test
    void noPasswordAppearsInAnythingCapturedSoFar() {
        assertThat(Secrets.findLeaks()).isEmpty();
    }
}
