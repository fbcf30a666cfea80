package dev.lockstep;

import java.time.Duration;
import java.time.OffsetDateTime;
import org.jspecify.annotations.Nullable;

/**
 * The session that holds the Lockstep lock, as PostgreSQL reports it ({@code pg_locks} joined with
 * {@code pg_stat_activity}).
 *
 * @param pid the holder's backend process id
 * @param applicationName its {@code application_name}; Lockstep sets {@code lockstep:<host>:<pid>}
 * @param clientAddress the address it connected from, null for a unix socket
 * @param backendStart when its session started
 * @param state its {@code pg_stat_activity.state}
 * @param waited how long this instance has waited so far
 */
public record LockHolder(
        int pid,
        @Nullable String applicationName,
        @Nullable String clientAddress,
        @Nullable OffsetDateTime backendStart,
        @Nullable String state,
        Duration waited) {

    /** One line for logs and messages: {@code pid 4711 (lockstep:web-1:12, 10.0.0.7, active since ...)}. */
    public String describe() {
        StringBuilder text = new StringBuilder("pid ").append(pid).append(" (");
        text.append(applicationName == null || applicationName.isEmpty() ? "no application_name" : applicationName);
        if (clientAddress != null) {
            text.append(", ").append(clientAddress);
        }
        if (state != null) {
            text.append(", ").append(state);
        }
        if (backendStart != null) {
            text.append(", connected since ").append(backendStart);
        }
        return text.append(')').toString();
    }
}
