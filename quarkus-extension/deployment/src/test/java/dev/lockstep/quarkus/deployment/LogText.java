package dev.lockstep.quarkus.deployment;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;

/** The text of captured log records, messages and stack traces, to scan for secrets. */
final class LogText {
    private static final SimpleFormatter FORMATTER = new SimpleFormatter();

    private LogText() {}

    static String of(List<LogRecord> records) {
        StringBuilder text = new StringBuilder();
        for (LogRecord record : records) {
            text.append(FORMATTER.formatMessage(record)).append('\n');
            if (record.getThrown() != null) {
                StringWriter trace = new StringWriter();
                record.getThrown().printStackTrace(new PrintWriter(trace));
                text.append(trace).append('\n');
            }
        }
        return text.toString();
    }
}
