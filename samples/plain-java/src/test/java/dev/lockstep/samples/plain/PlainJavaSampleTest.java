package dev.lockstep.samples.plain;

import static dev.lockstep.LockstepSettings.CONNECT_TIMEOUT;
import static dev.lockstep.LockstepSettings.LOCK_TIMEOUT;
import static dev.lockstep.LockstepSettings.MODE;
import static dev.lockstep.LockstepSettings.SNAPSHOT_DIRECTORY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.LockstepSettings;
import dev.lockstep.Mode;
import dev.lockstep.testsupport.PostgresTest;
import dev.lockstep.testsupport.Secrets;
import dev.lockstep.testsupport.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@PostgresTest
class PlainJavaSampleTest {
    private final TestDatabase db;
    @TempDir
    Path snapshots;
    private LockstepSettings settings;

    PlainJavaSampleTest(TestDatabase db) {
        this.db = db;
    }

    @BeforeEach
    void emptySchema() {
        db.execute("DROP SCHEMA public CASCADE", "CREATE SCHEMA public");
        settings = LockstepSettings.builder().set(CONNECT_TIMEOUT, Duration.ofSeconds(10))
                .set(LOCK_TIMEOUT, Duration.ofSeconds(60))
                .set(SNAPSHOT_DIRECTORY, snapshots).build();
    }

    @Test
    void firstRunMigratesTheSampleSchemaAndTheSecondFindsItUpToDate() {
        Run first = run(settings);
        Run second = run(settings);

        assertThat(first.exitCode()).isZero();
        assertThat(first.output())
                .contains("Run:       MIGRATED <empty> -> v5 (5 applied)")
                .containsPattern("Snapshot:  lockstep-" + db.name() + "-\\d{8}t\\d{6}z-v0-to-v5 \\(\\d+ KB\\) in " + snapshots)
                .contains("v1     customers", "v2     orders", "v3     orders by customer", "v4     order status",
                        "v5     order status values")
                .contains("Status:    UP_TO_DATE (health UP), current v5, target v5, 0 pending");
        assertThat(second.exitCode()).isZero();
        assertThat(second.output())
                .contains("Run:       UP_TO_DATE v5 -> v5 (0 applied)")
                .doesNotContain("Applied:", "Snapshot:")
                .contains("Status:    UP_TO_DATE (health UP), current v5, target v5, 0 pending");
        assertThat(db.queryString("SELECT column_default FROM information_schema.columns"
                + " WHERE table_name = 'orders' AND column_name = 'status'")).isEqualTo("'placed'::text");
        assertThat(db.queryLong("SELECT count(*) FROM pg_indexes WHERE indexname = 'orders_by_customer'")).isEqualTo(1);
        assertThat(db.queryLong("SELECT count(*) FROM lockstep_runs WHERE outcome = 'MIGRATED'")).isEqualTo(1);
    }

    @Test
    void printsTheUrlButNeverThePasswordEvenWhenTheUrlCarriesIt() {
        String separator = db.jdbcUrl().contains("?") ? "&" : "?";
        Run run = run(db.jdbcUrl() + separator + "password=" + db.password(), settings);

        assertThat(run.exitCode()).isZero();
        assertThat(run.output()).contains("Database:  " + db.jdbcUrl() + separator + "password=*** as " + db.user())
                .doesNotContain(db.password());
        assertThat(Secrets.findLeaks()).isEmpty();
    }

    @Test
    void aFailureIsPrintedWithItsCodeAndExitsWithOne() {
        Run run = run(settings.toBuilder().set(MODE, Mode.VALIDATE).build());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.output())
                .contains("Lockstep failed (PENDING_MIGRATIONS)")
                .contains("mode=validate found 5 pending migration(s): V1, V2, V3, V4, V5");
        assertThat(db.queryString("SELECT to_regclass('customers')::text")).isNull();
    }

    private Run run(LockstepSettings settings) {
        return run(db.jdbcUrl(), settings);
    }

    private Run run(String jdbcUrl, LockstepSettings settings) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            int exitCode = PlainJavaSample.run(jdbcUrl, db.user(), db.password(), settings, out);
            return new Run(exitCode, bytes.toString(StandardCharsets.UTF_8));
        }
    }

    private record Run(int exitCode, String output) {}
}
