package dev.lockstep.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.embedded.process.JavaProcess;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The secret scan reads the output of every JVM a test starts, without the test registering it. */
class ChildJvmLogTest {

    @Test
    void theLogOfAStartedJvmIsAmongTheScannedFiles() {
        JavaProcess child = JavaProcess.builder(HelloMain.class).name("hello").start();

        assertThat(child.waitFor(Duration.ofSeconds(60))).as(child.output()).isZero();
        assertThat(child.output()).isEqualTo("HELLO\n");
        assertThat(CapturedLogs.files()).contains(child.logFile());
    }

    /** The child: prints one line and exits. */
    public static final class HelloMain {
        private HelloMain() {}

        public static void main(String[] args) {
            System.out.println("HELLO");
        }
    }
}
