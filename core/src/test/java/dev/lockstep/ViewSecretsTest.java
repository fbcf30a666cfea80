package dev.lockstep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.lockstep.testsupport.PostgresTest;
import dev.lockstep.testsupport.TestDatabase;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * No view shows a password, even when the database quotes one back: a migration fails with an error that quotes
 * a URL with a password in it (as a parameter and as user info), and every view of that run (the failure, the
 * report, the status with its failed migration and last run, the run history, the snapshot taken before it) and an
 * unreachable status are printed. The quoted password is a made-up one: the fixture's real password must not reach
 * the server's log, which the module's leak scan reads; the views are checked for both.
 */
@PostgresTest
class ViewSecretsTest {
    static final String QUOTED = "quoted-secret-7f3a";
    private final TestDatabase db;
    @TempDir
    Path dir;
    @TempDir
    Path snapshots;

    ViewSecretsTest(TestDatabase db) {
        this.db = db;
    }

    @BeforeEach
    void emptySchema() {
        db.execute("DROP SCHEMA public CASCADE", "CREATE SCHEMA public");
    }

    @Test
    void noViewShowsThePasswordAQuotingFailureCarries() {
        Migrations migrations = Migrations.standard(dir).add("V4__quotes_the_password.sql",
                "SELECT 'jdbc:postgresql://db/shop?user=app&password=" + QUOTED + " and postgresql://app:" + QUOTED
                        + "@db/shop'::int;");
        Lockstep lockstep = migrations.withSnapshots(db, snapshots)
                .connectionDetails(db.jdbcUrl(), db.user(), db.password()).build();

        MigrationFailedException failure = catchThrowableOfType(lockstep::migrate, MigrationFailedException.class);

        assertThat(failure).isNotNull();
        assertThat(failure.report().failure()).isNotNull();
        assertThat(failure.report().snapshot()).isNotNull();
        List<Map<String, Object>> views = new ArrayList<>();
        views.add(Views.failure(failure));
        views.add(Views.report(failure.report()));
        SchemaStatus status = lockstep.status();
        assertThat(status.failed()).isNotNull();
        assertThat(status.lastRun()).isNotNull();
        views.add(Views.status(status));
        lockstep.recentRuns(10).forEach(run -> views.add(Views.run(run)));
        lockstep.snapshots().list().forEach(snapshot -> views.add(Views.snapshot(snapshot)));
        PGSimpleDataSource nowhere = new PGSimpleDataSource();
        nowhere.setUrl("jdbc:postgresql://127.0.0.1:1/app?connectTimeout=1&password=" + db.password());
        SchemaStatus unreachable = Lockstep.configure(nowhere).build().status();
        assertThat(unreachable.state()).isEqualTo(SchemaState.UNREACHABLE);
        views.add(Views.status(unreachable));

        assertThat(views).hasSize(6);
        assertThat(Views.json(views.get(0))).as("the failure quotes what the database said")
                .contains("invalid input syntax for type integer", "password=***", "app:***@db");
        for (Map<String, Object> view : views) {
            assertThat(Views.json(view)).doesNotContain(db.password()).doesNotContain(QUOTED);
            assertThat(Views.flat(view).toString()).doesNotContain(db.password()).doesNotContain(QUOTED);
        }
    }
}
