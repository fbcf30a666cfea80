package dev.lockstep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A plan's view and its text: the same fields everywhere, and the text a {@code plan} command prints. */
class PlanViewsTest {
    private static final LintFinding REWRITE = new LintFinding("42", "V42__add_status_to_orders.sql",
            "rewrite-under-exclusive-lock", Severity.ERROR, "orders", 12_400_000L, 3_328_599_654L,
            "ALTER COLUMN status TYPE text (was integer) rewrites orders under ACCESS EXCLUSIVE: reads and writes wait"
                    + " for the whole rewrite",
            "add a new column, backfill it in batches, switch the application to it in a later release", 3, true,
            false, null);
    private static final LintFinding INDEX = new LintFinding("42", "V42__add_status_to_orders.sql",
            "index-without-concurrently", Severity.WARN, "orders", null, null,
            "CREATE INDEX orders_status_idx on orders blocks writes to orders until the index is built",
            "CREATE INDEX CONCURRENTLY IF NOT EXISTS in a migration of its own (it runs outside a transaction)", 4,
            false, false, null);
    private static final LintFinding DROP = new LintFinding("44", "V44__drop_phone.sql", "drop-column",
            Severity.WARN, "customers", 812L, 98_304L, "DROP COLUMN phone on customers: the running version of the"
                    + " application may still read or write it", "expand and contract", 2, false, true,
            "release 2.3 stopped using it");
    private static final MigrationPlan PLAN = new MigrationPlan("41", "44", List.of(
            new PlannedMigration("42", "add status to orders", "V42__add_status_to_orders.sql", "SQL", true, true,
                    List.of("ALTER TABLE orders ALTER COLUMN status TYPE text",
                            "CREATE INDEX orders_status_idx ON orders (status)"),
                    List.of(new ObservedLock("orders", "ACCESS EXCLUSIVE")), List.of("orders"),
                    List.of(REWRITE, INDEX), List.of()),
            new PlannedMigration("43", "backfill", "V43__backfill.sql", "SQL", true, true,
                    List.of("UPDATE order_items SET x = 1 WHERE id < 1000"),
                    List.of(new ObservedLock("order_items", "ROW EXCLUSIVE")), List.of(), List.of(), List.of()),
            new PlannedMigration("44", "drop phone", "V44__drop_phone.sql", "SQL", true, true,
                    List.of("ALTER TABLE customers DROP COLUMN phone"), List.of(new ObservedLock("customers",
                    "ACCESS EXCLUSIVE")), List.of(), List.of(DROP), List.of())),
            true, List.of("Traced on a scratch copy."), Duration.ofMillis(1400), Duration.ofMillis(600),
            Instant.parse("2026-11-28T08:00:00Z"));

    @Test
    void theTextShowsEachMigrationWithItsFindingsTheTablesSizeAndTheSafeAlternative() {
        assertThat(Views.text(PLAN)).isEqualTo("""
                Traced on a scratch copy.
                V42 add_status_to_orders.sql
                  ERROR  rewrite-under-exclusive-lock  orders (12.4 M rows, 3.1 GB): ALTER COLUMN status TYPE text (was integer)
                         rewrites orders under ACCESS EXCLUSIVE: reads and writes wait for the whole rewrite.
                         Instead: add a new column, backfill it in batches, switch the application to it in a later release.
                  WARN   index-without-concurrently    orders: CREATE INDEX orders_status_idx on orders blocks writes to orders
                         until the index is built.
                         Instead: CREATE INDEX CONCURRENTLY IF NOT EXISTS in a migration of its own (it runs outside a transaction).
                         locks: orders ACCESS EXCLUSIVE
                V43 backfill.sql
                  ok     locks: order_items ROW EXCLUSIVE
                V44 drop_phone.sql
                  WARN   drop-column                   customers (812 rows, 96.0 kB): DROP COLUMN phone on customers: the running
                         version of the application may still read or write it.
                         Instead: expand and contract.
                         Allowed by -- lockstep:allow drop-column: release 2.3 stopped using it
                         locks: customers ACCESS EXCLUSIVE
                3 findings: 1 ERROR, 2 WARN; 1 allowed by -- lockstep:allow; 1 blocks lint.policy=fail (ERROR, not allowed).
                """);
    }

    @Test
    void theViewHoldsTheSameFields() {
        Map<String, Object> view = Views.plan(PLAN);

        assertThat(view).containsEntry("currentVersion", "41").containsEntry("targetVersion", "44")
                .containsEntry("traced", true).containsEntry("durationMs", 1400L).containsEntry("copyMs", 600L)
                .containsEntry("findingCount", 3).containsEntry("blockingCount", 1)
                .containsEntry("plannedAt", "2026-11-28T08:00:00Z");
        @SuppressWarnings("unchecked")
        Map<String, Object> v42 = ((List<Map<String, Object>>) view.get("migrations")).get(0);
        assertThat(v42.keySet()).containsExactly("version", "description", "script", "type", "transactional",
                "analysable", "statements", "locks", "rewrites", "findings", "notes");
        assertThat(v42.get("locks")).isEqualTo(List.of(Map.of("relation", "orders", "mode", "ACCESS EXCLUSIVE")));
        assertThat(Views.finding(REWRITE)).containsExactly(entry("version", "42"),
                entry("script", "V42__add_status_to_orders.sql"), entry("rule", "rewrite-under-exclusive-lock"),
                entry("severity", "ERROR"), entry("relation", "orders"), entry("rows", 12_400_000L),
                entry("bytes", 3_328_599_654L), entry("message", REWRITE.message()),
                entry("safeAlternative", REWRITE.safeAlternative()), entry("line", 3), entry("observed", true),
                entry("suppressed", false));
        assertThat(Views.finding(DROP)).containsEntry("suppressionReason", "release 2.3 stopped using it");
        assertThat(Views.json(view)).contains("\"blockingCount\": 1");
    }

    @Test
    void anUntracedMigrationHasNoLocksInItsView() {
        PlannedMigration untraced = new PlannedMigration(null, "views", "R__views.sql", "SQL", true, true,
                List.of("CREATE VIEW v AS SELECT 1"), null, List.of(), List.of(), List.of());

        assertThat(Views.plannedMigration(untraced)).doesNotContainKey("locks").doesNotContainKey("version");
    }

    @Test
    void aPlanWithNothingPendingSaysWhereTheSchemaIs() {
        MigrationPlan empty = new MigrationPlan("7", "7", List.of(), false, List.of(), Duration.ZERO, null,
                Instant.EPOCH);

        assertThat(Views.text(empty)).isEqualTo("Nothing is pending: the schema is at V7.\n");
        assertThat(empty.blocking()).isEmpty();
    }
}
