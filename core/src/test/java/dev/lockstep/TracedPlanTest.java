package dev.lockstep;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.testsupport.PostgresTest;
import dev.lockstep.testsupport.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code Lockstep.plan()} runs the pending migrations on a scratch copy of the schema and sees what they lock and
 * rewrite, Java migrations too; the target is left exactly as it was, and the scratch database goes away, whatever
 * happened in it.
 */
@PostgresTest
class TracedPlanTest {
    private static final String FIXTURE = """
            CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL, status varchar(20) NOT NULL,
                note text);
            INSERT INTO orders SELECT g, g % 100, 'new', NULL FROM generate_series(1, 5000) g;
            """;

    private final TestDatabase db;
    @TempDir
    Path dir;
    private Migrations migrations;

    TracedPlanTest(TestDatabase db) {
        this.db = db;
    }

    @BeforeEach
    void populatedOrdersAndCreatedb() throws SQLException {
        db.execute("DROP SCHEMA public CASCADE", "CREATE SCHEMA public");
        admin("ALTER ROLE \"" + db.user() + "\" CREATEDB");
        migrations = Migrations.in(dir).add("V1__orders.sql", FIXTURE);
        migrations.lockstep(db).build().migrate();
        db.execute("ANALYZE orders");
    }

    @Test
    void aTypeChangeOnAPopulatedTableIsSeenRewritingItUnderAccessExclusive() {
        migrations.add("V2__status_integer.sql", "ALTER TABLE orders ALTER COLUMN status TYPE integer USING 0;");

        MigrationPlan plan = lockstep().plan();

        assertThat(plan.traced()).as(Views.text(plan)).isTrue();
        assertThat(plan.copyDuration()).isPositive();
        PlannedMigration v2 = plan.migrations().get(0);
        assertThat(v2.locks()).containsExactly(new ObservedLock("orders", "ACCESS EXCLUSIVE"));
        assertThat(v2.rewrites()).containsExactly("orders");
        assertThat(v2.transactional()).isTrue();
        assertThat(v2.findings()).singleElement().satisfies(finding -> {
            assertThat(finding.rule()).isEqualTo("rewrite-under-exclusive-lock");
            assertThat(finding.relation()).isEqualTo("orders");
            assertThat(finding.observed()).isTrue();
            assertThat(finding.severity()).isEqualTo(Severity.ERROR);
            assertThat(finding.rows()).isEqualTo(5000);
            assertThat(finding.bytes()).isPositive();
            assertThat(finding.line()).isEqualTo(1);
        });
    }

    /** A rewrite the text promised but the trace did not see is rated INFO: widening a varchar is free. */
    @Test
    void aTypeChangeThatDoesNotRewriteIsNotAnAlarm() {
        migrations.add("V2__status_longer.sql", "ALTER TABLE orders ALTER COLUMN status TYPE varchar(40);");
        db.execute("CREATE TABLE unrelated (id int)");

        MigrationPlan plan = lockstep().plan();

        assertThat(plan.migrations().get(0).rewrites()).isEmpty();
        assertThat(plan.findings()).isEmpty();
    }

    @Test
    void aJavaMigrationIsTracedThoughTheLintCannotReadIt() {
        MigrationPlan plan = lockstep(new V2__customer_index()).plan();

        PlannedMigration v2 = plan.migrations().get(0);
        assertThat(v2.analysable()).isFalse();
        assertThat(v2.statements()).isEmpty();
        assertThat(v2.notes()).singleElement().asString().contains("not analysable statically");
        assertThat(v2.locks()).containsExactly(new ObservedLock("orders", "SHARE"));
        assertThat(v2.findings()).singleElement().satisfies(finding -> {
            assertThat(finding.rule()).isEqualTo("index-without-concurrently");
            assertThat(finding.relation()).isEqualTo("orders");
            assertThat(finding.observed()).isTrue();
            assertThat(finding.line()).isZero();
            assertThat(finding.message()).contains("orders_customer_idx");
        });
        assertThat(lockstep(new V2__customer_index()).lint().findings()).isEmpty();
    }

    @Test
    void planningChangesNothingInTheTargetAndLeavesNoScratchDatabase() {
        migrations.add("V2__everything.sql", """
                ALTER TABLE orders ADD COLUMN token uuid DEFAULT gen_random_uuid();
                CREATE INDEX orders_status_idx ON orders (status);
                UPDATE orders SET note = 'seen';
                INSERT INTO orders VALUES (99999, 1, 'x', 'y');
                CREATE TABLE shipments (id bigint PRIMARY KEY);
                """);
        DatabaseState before = DatabaseState.of(db, List.of("orders", "flyway_schema_history", "lockstep_runs"));

        MigrationPlan plan = lockstep().plan();

        assertThat(plan.traced()).isTrue();
        assertThat(plan.migrations().get(0).rewrites()).containsExactly("orders");
        assertThat(DatabaseState.of(db, List.of("orders", "flyway_schema_history", "lockstep_runs"))).isEqualTo(before);
        assertThat(scratchDatabases()).isEmpty();
        assertThat(plan.notes().get(0)).contains("lockstep_plan_");
    }

    @Test
    void aMigrationThatFailsInTheTraceIsNamedAndTheScratchDatabaseIsDropped() {
        migrations.add("V2__index.sql", "CREATE INDEX orders_note_idx ON orders (note);")
                .add("V3__broken.sql", "ALTER TABLE orders ALTER COLUMN no_such_column SET NOT NULL;")
                .add("V4__later.sql", "ALTER TABLE orders ADD COLUMN later text;");

        MigrationPlan plan = lockstep().plan();

        assertThat(plan.notes().get(0)).startsWith("The trace stopped at V3 on the scratch copy:")
                .contains("no_such_column").endsWith("Migrations before it were traced; those after it were not.");
        assertThat(plan.migrations().get(0).locks()).containsExactly(new ObservedLock("orders", "SHARE"));
        assertThat(plan.migrations().get(1).notes()).singleElement().asString()
                .startsWith("It failed on the scratch copy, so it will fail here too:").contains("no_such_column");
        assertThat(plan.migrations().get(2).locks()).isNull();
        assertThat(scratchDatabases()).isEmpty();
    }

    /** The migration's statement timeout holds on the scratch copy too, so a stuck migration cannot hold up a plan. */
    @Test
    void aMigrationThatRunsTooLongInTheTraceIsStoppedAndTheScratchDatabaseDropped() {
        migrations.add("V2__slow.sql", "SELECT pg_sleep(30);");

        MigrationPlan plan = builder().set(LockstepSettings.MIGRATION_STATEMENT_TIMEOUT, Duration.ofMillis(500))
                .build().plan();

        assertThat(plan.notes().get(0)).startsWith("The trace stopped at V2").contains("canceling statement due to statement timeout");
        assertThat(scratchDatabases()).isEmpty();
    }

    /** A killed process cannot drop its scratch database: the next plan drops those older than an hour. */
    @Test
    void scratchDatabasesLeftByKilledPlansAreDroppedOnceAnHourOld() throws SQLException {
        String stale = "lockstep_plan_20200101000000_0badc0de";
        String recent = "lockstep_plan_" + java.time.format.DateTimeFormatter.ofPattern("yyyyMMddHHmmss")
                .format(java.time.LocalDateTime.now(java.time.ZoneOffset.UTC)) + "_0123abcd";
        try (Connection connection = db.connect(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + stale);
            statement.execute("CREATE DATABASE " + recent);
        }
        try {
            migrations.add("V2__note_not_null.sql", "ALTER TABLE orders ADD COLUMN extra text;");

            lockstep().plan();

            assertThat(scratchDatabases()).containsExactly(recent);
        } finally {
            db.execute("DROP DATABASE IF EXISTS " + recent, "DROP DATABASE IF EXISTS " + stale);
        }
    }

    @Test
    void withoutCreatedbThePlanSaysSoAndHoldsTheLintsFindings() throws SQLException {
        admin("ALTER ROLE \"" + db.user() + "\" NOCREATEDB");
        migrations.add("V2__status_integer.sql", "ALTER TABLE orders ALTER COLUMN status TYPE integer USING 0;");

        MigrationPlan plan = lockstep().plan();

        assertThat(plan.traced()).isFalse();
        assertThat(plan.notes()).containsExactly("Not traced: " + db.user() + " may not create databases, and the"
                + " trace runs the pending migrations in a scratch database; grant it CREATEDB (ALTER ROLE " + db.user()
                + " CREATEDB), or plan as a user who has it. The findings are the lint's alone.");
        assertThat(plan.migrations().get(0).locks()).isNull();
        assertThat(plan.findings()).singleElement().satisfies(finding -> {
            assertThat(finding.rule()).isEqualTo("rewrite-under-exclusive-lock");
            assertThat(finding.observed()).isFalse();
        });
    }

    /** Without pg_dump, the applied migrations are applied again to the scratch database. */
    @Test
    void withoutPgDumpTheSchemaIsCopiedByApplyingTheAppliedMigrationsAgain() {
        migrations.add("V2__status_integer.sql", "ALTER TABLE orders ALTER COLUMN status TYPE integer USING 0;");

        MigrationPlan plan = builder().set(LockstepSettings.SNAPSHOT_PG_DUMP_PATH, dir.resolve("no-pg-dump")).build()
                .plan();

        assertThat(plan.traced()).isTrue();
        assertThat(plan.notes().get(1)).startsWith("The schema was copied by applying the applied migrations (up to V1)"
                + " again, since pg_dump could not copy it: snapshot.pg-dump-path=");
        assertThat(plan.migrations().get(0).rewrites()).containsExactly("orders");
        assertThat(scratchDatabases()).isEmpty();
    }

    /** A Java migration that builds an index inside its transaction. */
    static final class V2__customer_index extends BaseJavaMigration {
        @Override
        public void migrate(Context context) throws Exception {
            try (Statement statement = context.getConnection().createStatement()) {
                statement.execute("CREATE INDEX orders_customer_idx ON orders (customer_id)");
            }
        }
    }

    private Lockstep.Builder builder() {
        return migrations.lockstep(db).set(LockstepSettings.LINT_LARGE_TABLE_ROWS, 1000L);
    }

    private Lockstep lockstep() {
        return builder().build();
    }

    private Lockstep lockstep(BaseJavaMigration java) {
        return builder().flyway(f -> f.javaMigrations(java)).build();
    }

    private List<String> scratchDatabases() {
        return db.queryColumn("SELECT datname FROM pg_database WHERE datname LIKE 'lockstep\\_plan\\_%' ORDER BY 1");
    }

    private void admin(String sql) throws SQLException {
        try (Connection admin = db.connectAsAdmin(); Statement statement = admin.createStatement()) {
            statement.execute(sql);
        }
    }
}
