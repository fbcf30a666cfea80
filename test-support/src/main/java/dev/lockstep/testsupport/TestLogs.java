package dev.lockstep.testsupport;

import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The log lines of the current test: what {@link CapturingAppender} captured since the test began. A search of
 * {@link CapturedLogs#lines()} also matches what earlier tests of the JVM logged, so it can pass on a line the test
 * under way never caused; a search of these lines cannot.
 *
 * <pre>{@code
 * @RegisterExtension
 * final TestLogs logs = new TestLogs();
 *
 * @Test
 * void saysWhoHoldsTheLock() {
 *     ...
 *     assertThat(logs.lines()).anyMatch(line -> line.contains("waiting for the Lockstep lock held by"));
 * }
 * }</pre>
 */
public final class TestLogs implements BeforeEachCallback {
    private volatile int start;

    @Override
    public void beforeEach(ExtensionContext context) {
        start = CapturedLogs.count();
    }

    /** Every event captured since the current test began, from any thread. */
    public List<String> lines() {
        return CapturedLogs.linesSince(start);
    }

    /** The events of the current test that contain {@code text}. */
    public List<String> containing(String text) {
        return lines().stream().filter(line -> line.contains(text)).toList();
    }

    /**
     * Waits until the current test has logged a line containing {@code text} (on any thread) and returns it.
     *
     * @throws AssertionError when no such line came within the timeout, listing what the test logged
     */
    public String await(String text, Duration timeout) {
        return await(line -> line.contains(text), "a line containing '" + text + "'", timeout);
    }

    /** {@link #await(String, Duration)} for any condition; {@code description} names it in the failure. */
    public String await(Predicate<String> matching, String description, Duration timeout) {
        try {
            String line = CapturedLogs.awaitLine(start, matching, timeout);
            if (line == null) {
                throw new AssertionError("No log line of this test matched " + description + " within " + timeout
                        + ". The test logged:\n" + String.join("\n", lines()));
            }
            return line;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted while waiting for " + description, e);
        }
    }
}
