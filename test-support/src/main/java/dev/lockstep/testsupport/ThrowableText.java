package dev.lockstep.testsupport;

import ch.qos.logback.classic.spi.IThrowableProxy;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * An exception chain as text, one line per throwable: class and message of the exception, of each cause and of every
 * suppressed exception. Stack frames are left out: they cannot carry a password, messages can.
 */
final class ThrowableText {
    private ThrowableText() {}

    static String of(Throwable throwable) {
        StringBuilder text = new StringBuilder();
        append(text, "", throwable, Collections.newSetFromMap(new IdentityHashMap<>()));
        return text.toString();
    }

    /** The same for a logback event's throwable, which arrives as a proxy. */
    static String of(IThrowableProxy proxy) {
        StringBuilder text = new StringBuilder();
        append(text, "", proxy, Collections.newSetFromMap(new IdentityHashMap<>()));
        return text.toString();
    }

    private static void append(StringBuilder text, String label, @Nullable Throwable throwable, Set<Object> seen) {
        // A cause chain can loop (an exception added as its own cause's suppressed one): render each once.
        if (throwable == null || !seen.add(throwable)) {
            return;
        }
        line(text, label, throwable.getClass().getName(), throwable.getMessage());
        for (Throwable suppressed : throwable.getSuppressed()) {
            append(text, "suppressed: ", suppressed, seen);
        }
        append(text, "caused by: ", throwable.getCause(), seen);
    }

    private static void append(StringBuilder text, String label, @Nullable IThrowableProxy proxy, Set<Object> seen) {
        if (proxy == null || !seen.add(proxy)) {
            return;
        }
        line(text, label, proxy.getClassName(), proxy.getMessage());
        IThrowableProxy[] suppressed = proxy.getSuppressed();
        if (suppressed != null) {
            for (IThrowableProxy each : suppressed) {
                append(text, "suppressed: ", each, seen);
            }
        }
        append(text, "caused by: ", proxy.getCause(), seen);
    }

    private static void line(StringBuilder text, String label, String className, @Nullable String message) {
        if (text.length() > 0) {
            text.append('\n').append("  ");
        }
        text.append(label).append(className);
        if (message != null) {
            text.append(": ").append(message);
        }
    }
}
