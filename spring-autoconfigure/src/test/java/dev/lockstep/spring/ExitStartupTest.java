package dev.lockstep.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.Lockstep;
import dev.lockstep.testsupport.CapturedLogs;
import dev.lockstep.testsupport.PostgresTest;
import dev.lockstep.testsupport.TestDatabase;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@code lockstep.startup=exit} hands the run's exit code to the exit: 0 after a successful run, 1 after a failed
 * one, each told once in the log. Here the exit is recorded instead of ending the test's JVM; the Spring Boot
 * sample's StartupExitTest runs the real one in a JVM of its own.
 */
@PostgresTest
class ExitStartupTest {
    private final TestDatabase db;
    private final ApplicationContextRunner runner;
    private final List<Integer> exitCodes = new CopyOnWriteArrayList<>();

    ExitStartupTest(TestDatabase db, @TempDir Path snapshots) {
        this.db = db;
        this.runner = new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
                        FlywayAutoConfiguration.class, LockstepAutoConfiguration.class))
                .withPropertyValues(TestProperties.of(db, snapshots, "lockstep.startup=exit"))
                .withBean(RecordedExit.class, () -> new RecordedExit(exitCodes))
                .withUserConfiguration(StartupWithRecordedExit.class);
    }

    @AfterEach
    void emptySchema() {
        db.execute("DROP SCHEMA public CASCADE", "CREATE SCHEMA public");
    }

    @Test
    void aSuccessfulRunExitsZero() {
        runner.run(context -> {
            assertThat(exitCodes).containsExactly(0);
            assertThat(context.getBean(LockstepStartup.class).phase()).isEqualTo(LockstepStartup.Phase.SUCCEEDED);
        });
        assertThat(db.queryLong("SELECT count(*) FROM flyway_schema_history WHERE success")).isEqualTo(3);
        assertThat(CapturedLogs.lines()).anyMatch(line -> line.contains("lockstep.startup=exit: MIGRATED <empty> -> v3"
                + " (3 applied)") && line.endsWith("; exiting with code 0 before the application starts"));
    }

    @Test
    void aFailedRunExitsOne() {
        runner.withPropertyValues("spring.flyway.locations=classpath:db/failing").run(context -> {
            assertThat(exitCodes).containsExactly(1);
            assertThat(context.getBean(LockstepStartup.class).phase()).isEqualTo(LockstepStartup.Phase.FAILED);
        });
        assertThat(CapturedLogs.lines()).anyMatch(line -> line.contains("lockstep.startup=exit: the run failed"
                + " (MIGRATION_FAILED); exiting with code 1: ") && line.contains("no_such_table"));
    }

    /** Where the exit codes go instead of {@code System.exit}. */
    record RecordedExit(List<Integer> codes) {}

    @Configuration(proxyBeanMethods = false)
    static class StartupWithRecordedExit {
        @Bean
        LockstepStartup lockstepStartup(Lockstep lockstep, LockstepProperties properties, RecordedExit exit) {
            return new LockstepStartup(lockstep, properties.getStartup(), exit.codes()::add);
        }
    }
}
