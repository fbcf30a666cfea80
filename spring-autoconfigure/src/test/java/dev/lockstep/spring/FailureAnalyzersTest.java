package dev.lockstep.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.ErrorCode;
import dev.lockstep.LockTimeoutException;
import dev.lockstep.LockstepException;
import dev.lockstep.SnapshotFailedException;
import dev.lockstep.testsupport.PostgresTest;
import dev.lockstep.testsupport.TestDatabase;
import java.io.InputStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** What a user reads when startup stops: a description from the core and an action naming the property. */
@PostgresTest
class FailureAnalyzersTest {
    private static final long LOCK_KEY = 91_550_217L;

    private final TestDatabase db;

    FailureAnalyzersTest(TestDatabase db) {
        this.db = db;
    }

    @Test
    void everyAnalyzerIsRegistered() throws Exception {
        // This module's own spring.factories (the class path holds Spring Boot's too).
        Properties factories = new Properties();
        try (InputStream in = LockstepAutoConfiguration.class.getResourceAsStream("/META-INF/spring.factories")) {
            assertThat(in).isNotNull();
            factories.load(in);
        }
        assertThat(factories.getProperty(FailureAnalyzer.class.getName()).split(",")).containsExactly(
                LockTimeoutFailureAnalyzer.class.getName(), MigrationFailureAnalyzer.class.getName(),
                SnapshotFailureAnalyzer.class.getName(), LockstepFailureAnalyzer.class.getName());
    }

    @Test
    void lockTimeoutNamesTheHolderAndTheProperty(@TempDir Path snapshots) throws Exception {
        ApplicationContextRunner runner = new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
                        FlywayAutoConfiguration.class, LockstepAutoConfiguration.class))
                .withPropertyValues(TestProperties.of(db, snapshots, "lockstep.lock.key=" + LOCK_KEY,
                        "lockstep.lock.timeout=1s"));
        try (Connection otherInstance = db.connect(); Statement statement = otherInstance.createStatement()) {
            statement.execute("SET application_name = 'slow-instance'");
            statement.execute("SELECT pg_advisory_lock(" + LOCK_KEY + ")");
            runner.run(context -> {
                assertThat(Failures.lockstepCause(context.getStartupFailure())).isInstanceOf(LockTimeoutException.class);
                FailureAnalysis analysis = new LockTimeoutFailureAnalyzer().analyze(context.getStartupFailure());
                assertThat(analysis.getDescription()).startsWith("Lockstep stopped the startup migration (LOCK_TIMEOUT)")
                        .contains("slow-instance");
                assertThat(analysis.getAction()).contains("raise lockstep.lock.timeout")
                        .contains("lockstep.startup=background").contains("pg_terminate_backend");
                assertThat(new LockstepFailureAnalyzer().analyze(context.getStartupFailure()))
                        .as("the generic analyzer leaves it to the specific one").isNull();
            });
        }
        assertThat(db.queryLong("SELECT count(*) FROM pg_tables WHERE tablename = 'flyway_schema_history'")).isZero();
    }

    @Test
    void snapshotFailureStopsBeforeAnyMigrationAndOffersTheSnapshotProperties(@TempDir Path snapshots) {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
                        FlywayAutoConfiguration.class, LockstepAutoConfiguration.class))
                .withPropertyValues(TestProperties.of(db, snapshots, "lockstep.snapshot.pg-dump-path=/no/such/pg_dump"))
                .run(context -> {
                    LockstepException failure = Failures.lockstepCause(context.getStartupFailure());
                    assertThat(failure).isInstanceOf(SnapshotFailedException.class);
                    assertThat(failure.code()).isEqualTo(ErrorCode.SNAPSHOT_FAILED);
                    FailureAnalysis analysis = new SnapshotFailureAnalyzer().analyze(context.getStartupFailure());
                    assertThat(analysis.getDescription())
                            .startsWith("Lockstep stopped the startup migration (SNAPSHOT_FAILED): ")
                            .contains("/no/such/pg_dump");
                    assertThat(analysis.getAction()).contains("lockstep.snapshot.pg-dump-path")
                            .contains("lockstep.snapshot.required=false").contains("lockstep.snapshot.enabled=false");
                });
        assertThat(db.queryLong("SELECT count(*) FROM pg_tables WHERE tablename IN ('customers', 'orders')")).isZero();
    }
}
