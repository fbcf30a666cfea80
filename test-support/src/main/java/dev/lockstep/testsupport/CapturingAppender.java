package dev.lockstep.testsupport;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import org.slf4j.event.KeyValuePair;

/**
 * A logback appender that keeps every event it receives, at every level, as text in {@link CapturedLogs}: the
 * formatted message, key-value pairs, and the whole exception chain (each cause and suppressed exception with its
 * class and message). The suite scans them with {@link Secrets#findLeaks()}.
 *
 * <p>This module ships no logback configuration: each module's tests add the appender in their own
 * {@code src/test/resources/logback-test.xml}; a threshold on the console keeps the build quiet while the capture
 * still sees DEBUG:
 *
 * <pre>{@code
 * <configuration>
 *   <appender name="CAPTURE" class="dev.lockstep.testsupport.CapturingAppender"/>
 *   <appender name="CONSOLE" class="ch.qos.logback.core.ConsoleAppender">
 *     <filter class="ch.qos.logback.classic.filter.ThresholdFilter"><level>WARN</level></filter>
 *     <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{20} - %msg%n</pattern></encoder>
 *   </appender>
 *   <logger name="dev.lockstep" level="DEBUG"/>
 *   <logger name="org.flywaydb" level="DEBUG"/>
 *   <root level="INFO">
 *     <appender-ref ref="CAPTURE"/>
 *     <appender-ref ref="CONSOLE"/>
 *   </root>
 * </configuration>
 * }</pre>
 */
public final class CapturingAppender extends AppenderBase<ILoggingEvent> {

    @Override
    protected void append(ILoggingEvent event) {
        StringBuilder text = new StringBuilder()
                .append(event.getLevel()).append(' ')
                .append(event.getLoggerName()).append(" - ")
                .append(event.getFormattedMessage());
        List<KeyValuePair> pairs = event.getKeyValuePairs();
        if (pairs != null) {
            for (KeyValuePair pair : pairs) {
                text.append(' ').append(pair.key).append('=').append(pair.value);
            }
        }
        if (event.getThrowableProxy() != null) {
            text.append('\n').append("  ").append(ThrowableText.of(event.getThrowableProxy()));
        }
        CapturedLogs.add(text.toString());
    }
}
