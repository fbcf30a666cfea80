package dev.lockstep.embedded.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JavaProcessTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Test
    void runsAMainClassInItsOwnJvmAndTalksToItThroughItsOutputAndInput() throws IOException {
        JavaProcess child = JavaProcess.builder(EchoMain.class).name("echo").args("a", "b c").start();

        assertThat(child.awaitOutput("^ARGS a,b c$", TIMEOUT)).as(child.output()).isTrue();
        child.sendLine("ECHO hello");
        assertThat(child.awaitOutput("^ECHO hello$", TIMEOUT)).as(child.output()).isTrue();
        child.sendLine("EXIT 7");

        assertThat(child.waitFor(TIMEOUT)).isEqualTo(7);
        assertThat(child.pid()).isNotEqualTo(ProcessHandle.current().pid());
        assertThat(child.output()).contains("ARGS a,b c\n", "STDERR TOO\n", "ECHO hello\n");
        assertThat(child.logFile()).isEqualTo(Path.of("target", "jvm-logs", "echo-" + child.pid() + ".log")
                .toAbsolutePath());
        assertThat(Files.readString(child.logFile())).isEqualTo(child.output());
        assertThat(JavaProcess.logFiles()).contains(child.logFile());
    }

    @Test
    void aGivenLogDirectoryAndClassPathAreUsed(@TempDir Path logs) {
        JavaProcess child = JavaProcess.builder(EchoMain.class).name("elsewhere").logDirectory(logs)
                .classPath(System.getProperty("java.class.path")).args("x").start();

        assertThat(child.awaitLine("^ARGS ", TIMEOUT)).hasValue("ARGS x");
        child.sendLine("EXIT 0");
        assertThat(child.waitFor(TIMEOUT)).isZero();
        assertThat(child.logFile()).isEqualTo(logs.resolve("elsewhere-" + child.pid() + ".log").toAbsolutePath())
                .content().contains("ARGS x\n");
    }

    @Test
    void aChildWithoutItsClassesFailsAndSaysSoInItsOutput(@TempDir Path empty) {
        JavaProcess child = JavaProcess.builder(EchoMain.class).classPath(empty.toString()).start();

        assertThat(child.waitFor(TIMEOUT)).isNotZero();
        assertThat(child.output()).contains(EchoMain.class.getName());
    }

    @Test
    void secretsTravelInTheEnvironmentAndNeverOnTheCommandLine() {
        String secret = "echo-secret-" + UUID.randomUUID();
        JavaProcess child = JavaProcess.builder(EchoMain.class).env("ECHO_SECRET", secret).start();

        assertThat(child.awaitOutput("^SECRET LENGTH " + secret.length() + "$", TIMEOUT)).as(child.output()).isTrue();
        assertThat(ProcessHandle.of(child.pid()).flatMap(handle -> handle.info().commandLine()))
                .hasValueSatisfying(commandLine -> assertThat(commandLine)
                        .contains(EchoMain.class.getName())
                        .doesNotContain(secret));
        child.sendLine("EXIT 0");
        assertThat(child.waitFor(TIMEOUT)).isZero();
    }

    @Test
    void awaitOutputIsFalseOnTimeoutAndAsSoonAsTheProcessEnds() {
        JavaProcess child = JavaProcess.builder(EchoMain.class).start();
        assertThat(child.awaitOutput("^ARGS", TIMEOUT)).isTrue();

        assertThat(child.awaitOutput("^NEVER$", Duration.ofMillis(200))).isFalse();
        assertThat(child.awaitLine("^NEVER$", Duration.ofMillis(50))).isEmpty();
        child.sendLine("EXIT 0");
        long start = System.nanoTime();
        assertThat(child.awaitOutput("^NEVER$", Duration.ofMinutes(5))).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("returned when the output ended, not at the timeout")
                .isLessThan(Duration.ofMinutes(1));
        assertThat(child.waitFor(TIMEOUT)).isZero();
    }

    @Test
    void waitForKillsAJvmThatDoesNotExitAndShowsTheEndOfItsOutput() {
        JavaProcess child = JavaProcess.builder(EchoMain.class).name("stuck").start();
        assertThat(child.awaitOutput("^STDERR TOO$", TIMEOUT)).isTrue();

        assertThatThrownBy(() -> child.waitFor(Duration.ofMillis(300)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("JVM 'stuck' (pid " + child.pid() + ") did not exit within PT0.3S; killed it.")
                .hasMessageContaining("ARGS \n")
                .hasMessageContaining(child.logFile().toString());
        assertThat(ProcessHandle.of(child.pid()).filter(ProcessHandle::isAlive)).isEmpty();
    }

    @Test
    void killHardKillsTheJvmAtOnce() {
        JavaProcess child = JavaProcess.builder(EchoMain.class).start();
        assertThat(child.awaitOutput("^ARGS", TIMEOUT)).isTrue();

        child.killHard();

        assertThat(ProcessHandle.of(child.pid()).filter(ProcessHandle::isAlive)).isEmpty();
        assertThat(child.awaitOutput("^NEVER$", TIMEOUT)).isFalse();
        assertThatThrownBy(() -> child.sendLine("ECHO anyone?")).hasMessageContaining("exited with code 137");
    }

    @Test
    void startTogetherReleasesEveryJvmOnlyOnceAllAreReady() {
        List<JavaProcess> replicas = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            replicas.add(JavaProcess.builder(TogetherMain.class).name("together-" + i).start());
        }
        for (JavaProcess replica : replicas) {
            assertThat(replica.awaitOutput("^READY$", TIMEOUT)).as(replica.output()).isTrue();
        }
        assertThat(replicas).allSatisfy(replica -> assertThat(replica.output()).isEqualTo("PREPARED\nREADY\n"));

        JavaProcess.startTogether(replicas, TIMEOUT);

        for (JavaProcess replica : replicas) {
            assertThat(replica.waitFor(TIMEOUT)).as(replica.output()).isZero();
            assertThat(replica.output()).isEqualTo("PREPARED\nREADY\nRELEASED\n");
        }
    }

    @Test
    void startTogetherFailsAndKillsAllWhenOneNeverGetsReady() {
        JavaProcess ready = JavaProcess.builder(TogetherMain.class).name("ready").start();
        JavaProcess never = JavaProcess.builder(EchoMain.class).name("never-ready").start();
        assertThat(ready.awaitOutput("^READY$", TIMEOUT)).isTrue();
        assertThat(never.awaitOutput("^ARGS", TIMEOUT)).isTrue();

        assertThatThrownBy(() -> JavaProcess.startTogether(List.of(ready, never), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("JVM 'never-ready' (pid " + never.pid() + ") did not print READY within PT1S")
                .hasMessageContaining("killed all 2 JVMs");
        assertThat(ProcessHandle.of(ready.pid()).filter(ProcessHandle::isAlive)).isEmpty();
        assertThat(ProcessHandle.of(never.pid()).filter(ProcessHandle::isAlive)).isEmpty();
    }
}
