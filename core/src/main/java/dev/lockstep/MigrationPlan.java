package dev.lockstep;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What the pending migrations will do, before they run: their statements, the locks they take and the tables they
 * rewrite (when traced), and the lint's findings rated with the target's table sizes. Made by
 * {@link Lockstep#plan()}, which changes nothing in the target database. {@link Views#plan} is its view,
 * {@link Views#text(MigrationPlan)} its text for people.
 *
 * @param currentVersion the schema's version in the target, null on an empty schema
 * @param targetVersion the newest version the application ships
 * @param migrations the pending migrations, in the order Flyway applies them
 * @param traced whether the migrations ran on a scratch copy of the schema, observed
 * @param notes sentences about the plan as a whole: how the copy was made, or why there was no trace
 * @param duration how long planning took
 * @param copyDuration how long creating the scratch database and copying the schema took, null without a trace
 * @param plannedAt when the plan was made
 */
public record MigrationPlan(
        @Nullable String currentVersion,
        @Nullable String targetVersion,
        List<PlannedMigration> migrations,
        boolean traced,
        List<String> notes,
        Duration duration,
        @Nullable Duration copyDuration,
        Instant plannedAt) {

    public MigrationPlan {
        migrations = List.copyOf(migrations);
        notes = List.copyOf(notes);
    }

    /** Every finding, migration by migration. */
    public List<LintFinding> findings() {
        return migrations.stream().flatMap(migration -> migration.findings().stream()).toList();
    }

    /**
     * The findings that {@code lint.policy=fail} refuses to migrate with: ERROR, and no
     * {@code -- lockstep:allow} comment allows them. A CLI exits non-zero while there are any.
     */
    public List<LintFinding> blocking() {
        return findings().stream().filter(LintFinding::blocking).toList();
    }
}
