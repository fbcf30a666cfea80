package dev.lockstep.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.ErrorCode;
import dev.lockstep.LockstepException;
import dev.lockstep.micrometer.LockstepMetrics;
import dev.lockstep.spring.LockstepStartup.Phase;
import dev.lockstep.testsupport.CapturedLogs;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A web application whose database is H2, as many are in their tests and local runs: Lockstep steps aside at
 * startup, Spring Boot's Flyway migrates exactly as without the starter, one INFO line says why, and the health
 * component, the endpoint and the meters say the same without changing the application's overall or readiness
 * status.
 */
class SteppingAsideTest {
    private static final String STEPS_ASIDE = "Lockstep steps aside: the migration's database is H2 2.";
    private static final String[] H2 = {"spring.datasource.url=jdbc:h2:mem:stepping_aside;DB_CLOSE_DELAY=-1",
            "spring.datasource.username=sa", "spring.flyway.locations=classpath:db/h2"};

    private static long linesBefore;
    private static TestApplication app;

    @BeforeAll
    static void start() {
        linesBefore = stepAsideLines();
        app = TestApplication.start(H2);
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void bootsFlywayMigratedTheH2DatabaseAndLockstepWroteNothing() {
        JdbcTemplate jdbc = new JdbcTemplate(app.context().getBean(javax.sql.DataSource.class));
        assertThat(jdbc.queryForList("SELECT \"version\" FROM \"flyway_schema_history\" WHERE \"success\""
                + " AND \"version\" IS NOT NULL ORDER BY \"installed_rank\"", String.class)).containsExactly("1", "2");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM information_schema.tables"
                + " WHERE lower(table_name) = 'lockstep_runs'", Long.class)).isZero();
        LockstepStartup startup = app.context().getBean(LockstepStartup.class);
        assertThat(startup.phase()).isEqualTo(Phase.STEPPED_ASIDE);
        assertThat(startup.report()).isNull();
    }

    @Test
    void healthReportsTheReasonWithoutChangingTheOverallOrReadinessStatus() {
        TestApplication.Response health = app.get("/actuator/health");
        assertThat(health.status()).as(health.body()).isEqualTo(200);
        assertThat(health.<String>json("$.status")).isEqualTo("UP");
        assertThat(health.<String>json("$.components.lockstep.status")).isEqualTo("UNKNOWN");
        Map<String, Object> details = health.json("$.components.lockstep.details");
        assertThat(details.keySet()).containsExactly("message", "startup");
        assertThat((String) details.get("message")).startsWith(STEPS_ASIDE)
                .contains(", not PostgreSQL, so Spring Boot's Flyway migrates it as it would without Lockstep");
        assertThat(details).containsEntry("startup", "blocking, stepped_aside");

        TestApplication.Response readiness = app.get("/actuator/health/readiness");
        assertThat(readiness.status()).as(readiness.body()).isEqualTo(200);
        assertThat(readiness.<String>json("$.status")).isEqualTo("UP");
    }

    @Test
    void endpointSaysTheSame() {
        TestApplication.Response endpoint = app.get("/actuator/lockstep");
        assertThat(endpoint.status()).as(endpoint.body()).isEqualTo(200);
        assertThat(endpoint.<Map<String, Object>>json("$")).containsOnlyKeys("message", "startup");
        assertThat(endpoint.<String>json("$.message")).startsWith(STEPS_ASIDE);
        assertThat(endpoint.<String>json("$.startup.phase")).isEqualTo("STEPPED_ASIDE");
    }

    @Test
    void nothingRanSoNoRunIsTimedAndNoPendingGaugeIsBound() {
        MeterRegistry registry = app.context().getBean(MeterRegistry.class);
        assertThat(registry.find(LockstepMetrics.RUN).timers()).isEmpty();
        assertThat(registry.find(LockstepMetrics.PENDING).gauges()).isEmpty();
        assertThat(app.get("/actuator/metrics/" + LockstepMetrics.PENDING).status()).isEqualTo(404);
    }

    @Test
    void oneInfoLineSaysWhyEvenAfterHealthEndpointAndMetersAsked() {
        app.get("/actuator/health");
        app.get("/actuator/lockstep");
        assertThat(stepAsideLines() - linesBefore).isEqualTo(1);
        assertThat(CapturedLogs.lines()).filteredOn(line -> line.contains(STEPS_ASIDE))
                .allMatch(line -> line.startsWith("INFO dev.lockstep.spring.LockstepStartup - "));
    }

    @Test
    void backgroundStartsConstraintsDoNotApplyWhereLockstepStepsAside() {
        // On PostgreSQL, lockstep.startup=background refuses ddl-auto=validate; an H2 profile of the same application
        // starts, and Boot's Flyway migrates before the context is up, as without the starter.
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
                        FlywayAutoConfiguration.class, LockstepAutoConfiguration.class))
                .withPropertyValues("spring.datasource.url=jdbc:h2:mem:stepping_aside_background;DB_CLOSE_DELAY=-1",
                        "spring.datasource.username=sa", "spring.flyway.locations=classpath:db/h2",
                        "lockstep.startup=background", "spring.jpa.hibernate.ddl-auto=validate")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(LockstepStartup.class).phase()).isEqualTo(Phase.STEPPED_ASIDE);
                    List<String> versions = new JdbcTemplate(context.getBean(javax.sql.DataSource.class))
                            .queryForList("SELECT \"version\" FROM \"flyway_schema_history\" WHERE \"version\" IS NOT NULL"
                                    + " ORDER BY \"installed_rank\"", String.class);
                    assertThat(versions).containsExactly("1", "2");
                });
    }

    @Test
    void codeThatRunsLockstepItselfOnH2HearsWhyAndWhatToDo() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
                        FlywayAutoConfiguration.class, LockstepAutoConfiguration.class))
                .withUserConfiguration(OwnStrategy.class)
                .withPropertyValues("spring.datasource.url=jdbc:h2:mem:stepping_aside_own;DB_CLOSE_DELAY=-1",
                        "spring.datasource.username=sa", "spring.flyway.locations=classpath:db/h2")
                .run(context -> {
                    LockstepException failure = Failures.lockstepCause(context.getStartupFailure());
                    assertThat(failure.code()).isEqualTo(ErrorCode.UNSUPPORTED_DATABASE);
                    FailureAnalysis analysis = new LockstepFailureAnalyzer().analyze(context.getStartupFailure());
                    assertThat(analysis.getDescription()).startsWith("Lockstep stopped the startup migration"
                            + " (UNSUPPORTED_DATABASE): The database behind the DataSource ").contains(" is H2 2.");
                    assertThat(analysis.getAction()).contains("The starter steps aside by itself")
                            .contains("LockstepStartup.steppedAside()").contains("lockstep.enabled=false");
                });
    }

    @Test
    void aDatabaseThatCannotBeAskedIsNotSteppedAsideButReportedByLockstepsRun() throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
                        FlywayAutoConfiguration.class, LockstepAutoConfiguration.class))
                .withPropertyValues("spring.datasource.url=jdbc:postgresql://127.0.0.1:" + closedPort + "/shop",
                        "spring.datasource.username=shop", "spring.datasource.hikari.connection-timeout=500",
                        "lockstep.connect-timeout=1s")
                .run(context -> {
                    LockstepException failure = Failures.lockstepCause(context.getStartupFailure());
                    assertThat(failure.code()).as(failure.getMessage()).isEqualTo(ErrorCode.CONNECTION_FAILED);
                });
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnStrategy {

        @Bean
        FlywayMigrationStrategy ownStrategy(LockstepStartup startup) {
            return flyway -> startup.migrate();
        }
    }

    private static long stepAsideLines() {
        return CapturedLogs.lines().stream().filter(line -> line.contains(STEPS_ASIDE)).count();
    }
}
