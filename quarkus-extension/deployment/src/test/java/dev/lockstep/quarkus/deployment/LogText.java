package dev.lockstep.quarkus.deployment;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;
import org.jboss.logmanager.ExtLogRecord;

/** The text of captured log records, messages and stack traces, to scan for secrets. */
final class LogText {
    private static final SimpleFormatter FORMATTER = new SimpleFormatter();

    private LogText() {}

    static String of(List<LogRecord> records) {
        StringBuilder text = new StringBuilder();
        for (LogRecord record : records) {
            // JBoss LogManager's records format their own parameters, printf style included (Logger.infof).
            String message = record instanceof ExtLogRecord ext ? ext.getFormattedMessage()
                    : FORMATTER.formatMessage(record);
            text.append(message).append('\n');
            if (record.getThrown() != null) {
                StringWriter trace = new StringWriter();
                record.getThrown().printStackTrace(new PrintWriter(trace));
                text.append(trace).append('\n');
            }
        }
        return text.toString();
    }

    /** How often {@code part} occurs in {@code text}. */
    static int count(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + part.length())) {
            count++;
        }
        return count;
    }
}
