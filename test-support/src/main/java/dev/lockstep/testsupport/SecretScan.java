package dev.lockstep.testsupport;

import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class in whose run a password leaked: when the class ends, it scans what was captured since the
 * previous scan ({@link Secrets#findNewLeaks()}: log events, recorded exceptions, the output of child JVMs, the server
 * log). A leak therefore fails the class that caused it, whatever order the classes run in; a scan that runs only
 * once, after every class, depends on being last.
 *
 * <p>It is registered for every test class of a module through JUnit's extension auto-detection: this jar lists it in
 * {@code META-INF/services/org.junit.jupiter.api.extension.Extension}, and a module turns detection on in its
 * {@code src/test/resources/junit-platform.properties}:
 *
 * <pre>{@code
 * junit.jupiter.extensions.autodetection.enabled=true
 * }</pre>
 */
public final class SecretScan implements AfterAllCallback {

    @Override
    public void afterAll(ExtensionContext context) {
        if (context.getParent().flatMap(ExtensionContext::getTestClass).isPresent()) {
            return; // a @Nested class: its outer class scans when it ends
        }
        List<String> leaks = Secrets.findNewLeaks();
        if (!leaks.isEmpty()) {
            throw new AssertionError("A password reached a log line, an exception message or a child's output while "
                    + context.getDisplayName() + " ran (masked here as ***):\n" + String.join("\n", leaks));
        }
    }
}
