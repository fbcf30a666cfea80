package dev.lockstep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.lockstep.testsupport.CapturedLogs;
import dev.lockstep.testsupport.PostgresTest;
import dev.lockstep.testsupport.TestDatabase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No password reaches a thrown exception's cause chain, where frameworks print it: not in a message, a
 * {@code toString()} or a printed stack trace of any cause or suppressed exception; the copies keep the SQLSTATE.
 */
@PostgresTest
class ExceptionCauseSecretsTest {
    private static final String URL_PASSWORD = "url-secret-4711";
    private final TestDatabase db;
    @TempDir
    Path dir;

    ExceptionCauseSecretsTest(TestDatabase db) {
        this.db = db;
    }

    @BeforeEach
    void emptySchema() {
        db.execute("DROP SCHEMA public CASCADE", "CREATE SCHEMA public");
    }

    @Test
    void aMigrationErrorQuotingAUrlWithItsPasswordIsRedactedThroughTheWholeChain() {
        Migrations migrations = Migrations.standard(dir).add("V4__remote.sql", "DO $$ BEGIN RAISE EXCEPTION"
                + " 'cannot reach jdbc:postgresql://replica/app?user=app&password=" + URL_PASSWORD
                + " nor postgresql://app:" + URL_PASSWORD + "@replica/app'; END $$;");

        MigrationFailedException failure = catchThrowableOfType(MigrationFailedException.class,
                migrations.lockstep(db).build()::migrate);

        CapturedLogs.record(failure);
        assertThat(failure.getMessage()).contains("password=***").contains("app:***@replica");
        assertNoSecretIn(failure, URL_PASSWORD);
        assertThat(chain(failure)).as("the database's SQLSTATE survives the copy")
                .anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(SQLException.class,
                        sql -> assertThat(sql.getSQLState()).isEqualTo("P0001")));
        assertThat(chain(failure)).as("the original classes are named")
                .anySatisfy(e -> assertThat(e.toString()).startsWith("org.postgresql.util.PSQLException: "));
    }

    @Test
    void aJavaMigrationQuotingTheDataSourcesPasswordIsRedactedThroughTheWholeChain() {
        LeakingMigration.password = db.password();
        MigrationFailedException failure = catchThrowableOfType(MigrationFailedException.class,
                Migrations.standard(dir).lockstep(db).flyway(f -> f.javaMigrations(new V4__Leaking())).build()::migrate);

        CapturedLogs.record(failure);
        assertThat(failure.getMessage()).contains("Migration V4 (Leaking) failed");
        assertNoSecretIn(failure, db.password());
    }

    private static void assertNoSecretIn(Throwable failure, String secret) {
        List<Throwable> chain = chain(failure);
        assertThat(chain).hasSizeGreaterThan(2);
        for (Throwable e : chain) {
            assertThat(String.valueOf(e.getMessage())).as("message of %s", e.getClass()).doesNotContain(secret);
            assertThat(e.toString()).as("toString of %s", e.getClass()).doesNotContain(secret);
        }
        StringWriter printed = new StringWriter();
        failure.printStackTrace(new PrintWriter(printed));
        assertThat(printed.toString()).doesNotContain(secret).contains("Caused by:");
    }

    /** The exception, its causes and every suppressed exception, each once. */
    private static List<Throwable> chain(Throwable root) {
        List<Throwable> all = new ArrayList<>();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Throwable> todo = new ArrayList<>(List.of(root));
        while (!todo.isEmpty()) {
            Throwable e = todo.remove(0);
            if (e == null || !seen.add(e)) {
                continue;
            }
            all.add(e);
            todo.add(e.getCause());
            todo.addAll(List.of(e.getSuppressed()));
        }
        return all;
    }

    /** Holds the password the migration quotes, as a careless error message would. */
    static final class LeakingMigration {
        static volatile String password = "";
    }

    static final class V4__Leaking extends BaseJavaMigration {
        @Override
        public void migrate(Context context) {
            throw new IllegalStateException("could not copy data with password " + LeakingMigration.password);
        }
    }
}
