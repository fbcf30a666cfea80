package dev.lockstep;

import dev.lockstep.testsupport.CapturedLogs;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Fails a test in which a {@link dev.lockstep.spi.MigrationListener} threw. Lockstep catches a listener's exception
 * and logs it at WARN, so that a listener cannot break a run; in a test that would hide a listener's failure (an
 * assertion a listener makes, a latch it waits for in vain) and let the test pass on. This extension turns that
 * warning into a failure of the test, unless the test says it expects one with {@link MayThrow}.
 *
 * <p>Registered for every test class of this module: {@code META-INF/services/org.junit.jupiter.api.extension.Extension}
 * lists it, and {@code junit-platform.properties} turns on extension auto-detection.
 */
public final class ListenerExceptions implements BeforeEachCallback, AfterEachCallback {
    static final String WARNING = "WARN dev.lockstep.internal.run.Listeners - MigrationListener ";
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(ListenerExceptions.class);

    /** The test makes a listener throw on purpose, to show that the run goes on. */
    @Target(ElementType.METHOD)
    @Retention(RetentionPolicy.RUNTIME)
    public @interface MayThrow {}

    @Override
    public void beforeEach(ExtensionContext context) {
        context.getStore(NAMESPACE).put("mark", CapturedLogs.count());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Integer mark = context.getStore(NAMESPACE).get("mark", Integer.class);
        if (mark == null || AnnotationSupport.isAnnotated(context.getTestMethod(), MayThrow.class)) {
            return;
        }
        List<String> thrown = CapturedLogs.linesSince(mark).stream().filter(line -> line.startsWith(WARNING)).toList();
        if (!thrown.isEmpty()) {
            throw new AssertionError("A MigrationListener threw during this test; Lockstep logged it and went on, but"
                    + " the test must not (annotate it @ListenerExceptions.MayThrow if that is what it tests):\n"
                    + String.join("\n", thrown));
        }
    }
}
