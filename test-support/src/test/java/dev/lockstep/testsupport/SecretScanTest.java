package dev.lockstep.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.ServiceLoader;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.Extension;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.EventConditions;
import org.junit.platform.testkit.engine.TestExecutionResultConditions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs small test classes on the JUnit engine with extension auto-detection on, as a module that turns it on does: the
 * class that leaks a password fails when it ends, whichever class runs first, and the other one does not. The sample
 * classes are static nested classes, which surefire does not run itself.
 */
class SecretScanTest {
    private static final Logger LOG = LoggerFactory.getLogger("dev.lockstep.testsupport.planted");
    private static final String SECRET = "planted-" + UUID.randomUUID();

    @AfterEach
    void forgetThePlantedSecret() {
        Secrets.forget(SECRET);
    }

    @Test
    void thisJarRegistersTheScanForAutoDetection() {
        assertThat(ServiceLoader.load(Extension.class)).anyMatch(SecretScan.class::isInstance);
    }

    @Test
    void theClassThatLeaksFailsWhenItEndsAndTheCleanOneDoesNotWhateverTheOrder() {
        Secrets.register(SECRET);
        Secrets.findNewLeaks(); // what earlier tests of this JVM left is not these classes' doing

        for (Class<?>[] order : new Class<?>[][] {{Leaking.class, Clean.class}, {Clean.class, Leaking.class}}) {
            EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
                    .configurationParameter("junit.jupiter.extensions.autodetection.enabled", "true")
                    .selectors(selectClass(order[0]), selectClass(order[1]))
                    .execute();

            results.testEvents().assertStatistics(stats -> stats.succeeded(2).failed(0));
            results.containerEvents().assertThatEvents()
                    .haveExactly(1, EventConditions.event(EventConditions.container(Leaking.class),
                            EventConditions.finishedWithFailure(TestExecutionResultConditions.message(message ->
                                    message.startsWith("A password reached a log line, an exception message or a"
                                            + " child's output while ")
                                            && message.contains("Leaking ran (masked here as ***):\n")
                                            && message.contains("logging in with ***")
                                            && !message.contains(SECRET)))))
                    .haveExactly(1, EventConditions.event(EventConditions.container(Clean.class),
                            EventConditions.finishedSuccessfully()));
        }
    }

    static class Leaking {
        @Test
        void logsThePassword() {
            LOG.info("logging in with {}", SECRET);
        }
    }

    static class Clean {
        @Test
        void logsNoPassword() {
            LOG.info("logging in with the password from the passfile");
        }
    }
}
