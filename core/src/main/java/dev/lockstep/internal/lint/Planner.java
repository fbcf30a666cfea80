package dev.lockstep.internal.lint;

import static dev.lockstep.LockstepSettings.LINT_LARGE_TABLE_ROWS;
import static dev.lockstep.LockstepSettings.LINT_RULES;

import dev.lockstep.LockstepSettings;
import dev.lockstep.MigrationPlan;
import dev.lockstep.PlannedMigration;
import dev.lockstep.internal.status.ResolvedMigration;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.flywaydb.core.api.configuration.Configuration;
import org.jspecify.annotations.Nullable;

/**
 * Makes a {@link MigrationPlan} of the pending migrations: reads their SQL, lints it once to learn which tables it
 * touches, reads those tables' facts from the target (read-only), lints again with them, and puts in what a trace
 * saw. Touches the target only through the SELECTs of {@link CatalogFacts}.
 */
public final class Planner {
    private final LockstepSettings settings;
    private final Configuration flyway;
    private final @Nullable String schema;

    /** @param schema Flyway's schema (where unqualified names live), null for the connection's current schema */
    public Planner(LockstepSettings settings, Configuration flyway, @Nullable String schema) {
        this.settings = settings;
        this.flyway = flyway;
        this.schema = schema;
    }

    /** The lint's input for each pending migration, in the order Flyway applies them. */
    public List<LintInput> inputs(List<ResolvedMigration> pending) {
        MigrationTexts texts = new MigrationTexts(flyway, schema);
        return pending.stream().map(texts::read).toList();
    }

    /**
     * The plan. {@code target} is read, never written; {@code trace} is what the trace saw, or why there was none.
     *
     * @param started when planning started ({@link System#nanoTime()}), for the plan's duration
     */
    public MigrationPlan plan(Connection target, List<LintInput> inputs, @Nullable String currentVersion,
            @Nullable String targetVersion, TraceResult trace, long started) throws SQLException {
        RecordingFacts recording = new RecordingFacts();
        lint(recording, inputs);
        Set<Name> wanted = new LinkedHashSet<>(recording.asked());
        wanted.addAll(trace.relations());
        List<String> notes = new ArrayList<>(trace.notes());
        TargetFacts facts;
        try {
            facts = CatalogFacts.read(target, wanted, schema);
        } catch (SQLException e) {
            facts = TargetFacts.NONE;
            notes.add("The sizes of the tables could not be read from the target (" + e.getMessage() + "), so no"
                    + " finding is rated by size.");
        }
        List<MigrationLint> linted = lint(facts, inputs);
        PlanAssembler assembler = new PlanAssembler(facts, settings.get(LINT_LARGE_TABLE_ROWS),
                settings.get(LINT_RULES));
        List<PlannedMigration> migrations = new ArrayList<>();
        for (MigrationLint lint : linted) {
            String label = lint.input().label();
            migrations.add(assembler.assemble(lint, trace.observations().get(label), trace.failures().get(label)));
        }
        return new MigrationPlan(currentVersion, targetVersion, migrations, trace.traced(), notes,
                Duration.ofNanos(System.nanoTime() - started), trace.copyDuration(), Instant.now());
    }

    private List<MigrationLint> lint(TargetFacts facts, List<LintInput> inputs) {
        return new StaticLint(facts, flyway.isGroup(), flyway.isExecuteInTransaction()).lint(inputs);
    }
}
