package dev.lockstep.internal.lint;

import dev.lockstep.ObservedLock;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.jspecify.annotations.Nullable;

/**
 * The trace's Flyway callback on the scratch database: before each migration it reads the catalog and puts the
 * migration's statement timeout in place; after it, still inside the migration's transaction, it reads the table
 * locks its own backend holds and the catalog again, and records what changed on the tables that were there before
 * the first pending migration (those of the target).
 */
final class TraceCallback implements Callback {
    /** Lock modes, weakest first: a table shows its strongest. */
    private static final List<String> MODES = List.of("AccessShareLock", "RowShareLock", "RowExclusiveLock",
            "ShareUpdateExclusiveLock", "ShareLock", "ShareRowExclusiveLock", "ExclusiveLock", "AccessExclusiveLock");

    private final Duration statementTimeout;
    private final @Nullable String defaultSchema;
    private final String historyTable;
    private final Map<String, Observation> observations = new LinkedHashMap<>();
    private @Nullable CatalogState baseline;
    private @Nullable CatalogState before;
    private @Nullable String failed;

    TraceCallback(Duration statementTimeout, @Nullable String defaultSchema, String historyTable) {
        this.statementTimeout = statementTimeout;
        this.defaultSchema = defaultSchema;
        this.historyTable = historyTable;
    }

    Map<String, Observation> observations() {
        return observations;
    }

    /** The label of the migration that failed on the scratch copy, if one did. */
    @Nullable String failed() {
        return failed;
    }

    @Override
    public boolean supports(Event event, Context context) {
        return event == Event.BEFORE_EACH_MIGRATE || event == Event.AFTER_EACH_MIGRATE
                || event == Event.AFTER_EACH_MIGRATE_ERROR;
    }

    @Override
    public boolean canHandleInTransaction(Event event, Context context) {
        return true;
    }

    @Override
    public void handle(Event event, Context context) {
        String label = label(context.getMigrationInfo());
        try {
            if (event == Event.BEFORE_EACH_MIGRATE) {
                before(context.getConnection());
            } else if (event == Event.AFTER_EACH_MIGRATE) {
                observations.put(label, after(context.getConnection()));
            } else {
                failed = label;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("the trace could not read the scratch database's catalog: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public String getCallbackName() {
        return "lockstep-trace";
    }

    private void before(Connection connection) throws SQLException {
        before = CatalogState.read(connection);
        if (baseline == null) {
            baseline = before;
        }
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT set_config('statement_timeout', ?, ?)")) {
            statement.setString(1, Long.toString(statementTimeout.toMillis()));
            statement.setBoolean(2, !connection.getAutoCommit());
            statement.execute();
        }
    }

    private Observation after(Connection connection) throws SQLException {
        boolean transactional = !connection.getAutoCommit();
        Map<Long, String> held = transactional ? locks(connection) : Map.of();
        CatalogState after = CatalogState.read(connection);
        CatalogState previous = before != null ? before : after;
        CatalogState first = baseline != null ? baseline : previous;
        CatalogDiff diff = new CatalogDiff(first, previous, after, transactional, this::name);
        List<ObservedLock> locks = new ArrayList<>();
        held.forEach((table, mode) -> {
            CatalogState.Relation relation = first.relations().get(table);
            if (relation != null && relation.kind() != 'i' && !relation.name().equals(historyTable)) {
                locks.add(new ObservedLock(name(relation).toString(), mode));
            }
        });
        locks.sort(Comparator.comparing(ObservedLock::relation));
        if (!transactional) {
            try (PreparedStatement reset = connection.prepareStatement("RESET statement_timeout")) {
                reset.execute();
            }
        }
        before = after;
        return new Observation(transactional, locks, diff.rewrites(), diff.findings());
    }

    /** The strongest lock mode this backend holds on each relation, as PostgreSQL's docs write it. */
    private static Map<Long, String> locks(Connection connection) throws SQLException {
        Map<Long, String> strongest = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT relation, mode FROM pg_locks"
                + " WHERE pid = pg_backend_pid() AND locktype = 'relation' AND granted AND database ="
                + " (SELECT oid FROM pg_database WHERE datname = current_database())");
                ResultSet row = statement.executeQuery()) {
            while (row.next()) {
                long relation = row.getLong(1);
                String mode = row.getString(2);
                String known = strongest.get(relation);
                if (known == null || MODES.indexOf(mode) > MODES.indexOf(known)) {
                    strongest.put(relation, mode);
                }
            }
        }
        Map<Long, String> written = new HashMap<>();
        strongest.forEach((relation, mode) -> written.put(relation, written(mode)));
        return written;
    }

    /** {@code AccessExclusiveLock} -> {@code ACCESS EXCLUSIVE}. */
    static String written(String mode) {
        return mode.replace("Lock", "").replaceAll("([a-z])([A-Z])", "$1 $2").toUpperCase(Locale.ROOT);
    }

    /** A relation's name as findings show it: without its schema when that is the migrations' own. */
    private Name name(CatalogState.Relation relation) {
        String own = defaultSchema != null ? defaultSchema : "public";
        return new Name(relation.schema().equals(own) ? null : relation.schema(), relation.name());
    }

    static String label(MigrationInfo migration) {
        return migration.getVersion() == null ? "R " + migration.getDescription()
                : "V" + migration.getVersion().getVersion();
    }
}
