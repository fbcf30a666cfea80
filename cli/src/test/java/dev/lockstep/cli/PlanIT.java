package dev.lockstep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.testsupport.PostgresTest;
import dev.lockstep.testsupport.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/lockstep plan} traces the pending migrations on a scratch copy and lints them, prints the core's plan as
 * text or JSON, exits 8 while an ERROR finding is not allowed, and leaves the database exactly as it was.
 */
@PostgresTest
class PlanIT {
    private static final List<String> TABLES = List.of("customers", "orders", "flyway_schema_history");
    private static final String REWRITE = "ALTER TABLE orders ALTER COLUMN total TYPE text;\n";

    private final TestDatabase db;
    @TempDir
    Path dir;
    Path migrations;

    PlanIT(TestDatabase db) {
        this.db = db;
    }

    /** The shop at V2 with 2000 analysed orders, as the user who may create the scratch database. */
    @BeforeEach
    void shopAtV2WithOrders() throws Exception {
        Cli.assertLauncherBuilt();
        db.execute("DROP SCHEMA public CASCADE", "CREATE SCHEMA public");
        try (Connection admin = db.connectAsAdmin(); Statement statement = admin.createStatement()) {
            statement.execute("ALTER ROLE \"" + db.user() + "\" CREATEDB");
        }
        migrations = Cli.migrations("shop", dir.resolve("migrations"));
        Files.delete(migrations.resolve("V3__customer_email.sql"));
        assertThat(cli("migrate", "--set", "snapshot.enabled=false").run().exitCode()).isZero();
        db.execute("INSERT INTO customers SELECT g, 'customer ' || g FROM generate_series(1, 50) g",
                "INSERT INTO orders SELECT g, 1 + g % 50, g * 1.5 FROM generate_series(1, 2000) g",
                "ANALYZE customers", "ANALYZE orders");
    }

    @Test
    void aRewriteOfABigTableIsSeenInTheTraceAndExitsEightChangingNothing() throws IOException {
        pending("V3__orders_total_text.sql", REWRITE);
        DatabaseState before = DatabaseState.of(db, TABLES);

        Cli.Result result = cli("plan").run();

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(8);
        assertThat(flat(result.stdout())).startsWith("Traced on a scratch copy of the schema (lockstep_plan_")
                .contains("V3 orders_total_text.sql")
                .contains(" ERROR rewrite-under-exclusive-lock orders (2.0 k rows, ")
                .contains("rewrites orders under ACCESS EXCLUSIVE")
                .contains("Instead: add a new column, backfill it in batches")
                .contains("locks: orders ACCESS EXCLUSIVE")
                .contains("1 finding: 1 ERROR; 1 blocks lint.policy=fail (ERROR, not allowed).");
        assertThat(result.stderr()).contains("lockstep: 1 ERROR finding(s) that lint.policy=fail would refuse to"
                + " migrate with.").contains("-- lockstep:allow <rule> <reason>");
        assertThat(DatabaseState.of(db, TABLES)).isEqualTo(before);
        assertThat(db.queryColumn("SELECT datname FROM pg_database WHERE datname LIKE 'lockstep\\_plan\\_%'"))
                .isEmpty();
    }

    @Test
    void theJsonIsThePlansViewWithWhatTheTraceObserved() throws IOException {
        pending("V3__orders_total_text.sql", REWRITE);

        Cli.Result result = cli("plan", "--json").run();

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(8);
        Map<String, Object> plan = Json.parse(result.stdout());
        assertThat(plan).containsEntry("currentVersion", "2").containsEntry("targetVersion", "3")
                .containsEntry("traced", true).containsEntry("findingCount", 1).containsEntry("blockingCount", 1);
        assertThat(plan.get("migrations")).asInstanceOf(InstanceOfAssertFactories.LIST).singleElement()
                .asInstanceOf(InstanceOfAssertFactories.MAP).satisfies(migration -> {
                    assertThat(migration).containsEntry("version", "3").containsEntry("transactional", true)
                            .containsEntry("rewrites", List.of("orders"))
                            .containsEntry("locks", List.of(Map.of("relation", "orders", "mode", "ACCESS EXCLUSIVE")));
                    assertThat(migration.get("findings")).asInstanceOf(InstanceOfAssertFactories.LIST)
                            .singleElement().asInstanceOf(InstanceOfAssertFactories.MAP)
                            .containsEntry("rule", "rewrite-under-exclusive-lock").containsEntry("severity", "ERROR")
                            .containsEntry("relation", "orders").containsEntry("rows", 2000)
                            .containsEntry("observed", true).containsEntry("suppressed", false);
                });
    }

    @Test
    void anAllowedFindingAndASafeMigrationExitZero() throws IOException {
        pending("V3__orders_total_text.sql", "-- lockstep:allow rewrite-under-exclusive-lock orders is rewritten"
                + " during the maintenance window\n" + REWRITE);
        pending("V4__customer_email.sql", "ALTER TABLE customers ADD COLUMN email text;\n");

        Cli.Result result = cli("plan", "--lint-only").run();

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(flat(result.stdout())).doesNotContain("Traced on a scratch copy")
                .contains("Allowed by -- lockstep:allow rewrite-under-exclusive-lock: orders is rewritten during the"
                        + " maintenance window")
                .contains("V4 customer_email.sql ok no findings")
                .contains("1 finding: 1 ERROR; 1 allowed by -- lockstep:allow; none blocks lint.policy=fail.");
        assertThat(result.stderr()).doesNotContain("would refuse");
    }

    @Test
    void migrateWithLintPolicyFailRefusesTheSameFindingWithExitEight() throws IOException {
        pending("V3__orders_total_text.sql", REWRITE);
        DatabaseState before = DatabaseState.of(db, TABLES);

        Cli.Result result = cli("migrate", "--set", "lint.policy=fail", "--set", "snapshot.enabled=false").run();

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(8);
        assertThat(flat(result.stderr())).contains("lockstep: LINT_FAILED: ")
                .contains("lint.policy=fail refused to migrate: 1 ERROR finding(s) in the pending migrations.")
                .contains("rewrite-under-exclusive-lock on orders");
        assertThat(DatabaseState.of(db, TABLES)).isEqualTo(before);
    }

    @Test
    void aRuleTurnedDownWithSetNoLongerFailsThePlan() throws IOException {
        pending("V3__orders_total_text.sql", REWRITE);

        Cli.Result result = cli("plan", "--lint-only", "--set", "lint.rules.rewrite-under-exclusive-lock=warn").run();

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(flat(result.stdout())).contains(" WARN rewrite-under-exclusive-lock orders (2.0 k rows, ");
    }

    /** The text with every run of white space (line wraps, column padding) as one space. */
    private static String flat(String text) {
        return text.replaceAll("\\s+", " ");
    }

    private void pending(String file, String sql) throws IOException {
        Files.writeString(migrations.resolve(file), sql);
    }

    private Cli cli(String... args) {
        return Cli.lockstep(db, args).args("--locations", "filesystem:" + migrations,
                "--set", "lint.large-table-rows=1000");
    }
}
