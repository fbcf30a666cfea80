package dev.lockstep;

import dev.lockstep.testsupport.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The catalogue again, as traced plans ({@code Lockstep.plan()}): each case runs on a scratch copy of the populated
 * fixture, so the trace must not raise an alarm the text did not deserve. Runs with the newest Flyway only (a scratch
 * database per case takes a while); {@link TracedPlanTest} covers the trace with both.
 */
class TracedCatalogueTest extends LintCatalogueTest {

    TracedCatalogueTest(TestDatabase db) {
        super(db);
    }

    @Override
    void prepare() throws SQLException {
        try (Connection admin = db.connectAsAdmin(); Statement statement = admin.createStatement()) {
            statement.execute("ALTER ROLE \"" + db.user() + "\" CREATEDB");
        }
    }

    @Override
    MigrationPlan plan(Lockstep lockstep) {
        MigrationPlan plan = lockstep.plan();
        if (!plan.traced()) {
            throw new AssertionError("not traced: " + plan.notes());
        }
        return plan;
    }

    @Override
    String docsRow() {
        return "traced plan (`Lockstep.plan()`)";
    }
}
