package dev.lockstep.internal.status;

import java.sql.Connection;
import java.sql.SQLException;
import org.jspecify.annotations.Nullable;

/**
 * The cheap status probe: one aggregate query on the history table; only when its fingerprint changed are the
 * rows read again and compared with the resolved set. Never resolves migrations itself.
 */
public final class StatusProbe {
    private record Cached(HistoryTable.Fingerprint fingerprint, ResolvedSet resolved, Comparison comparison) {}

    private final HistoryTable history;
    private volatile @Nullable Cached cached;

    public StatusProbe(HistoryTable history) {
        this.history = history;
    }

    public Comparison compare(Connection connection, ResolvedSet resolved) throws SQLException {
        HistoryTable.Fingerprint fingerprint = history.fingerprint(connection);
        Cached known = cached;
        if (known != null && known.fingerprint().equals(fingerprint) && known.resolved() == resolved) {
            return known.comparison();
        }
        Comparison comparison = Comparison.of(resolved, history.read(connection));
        cached = new Cached(fingerprint, resolved, comparison);
        return comparison;
    }
}
