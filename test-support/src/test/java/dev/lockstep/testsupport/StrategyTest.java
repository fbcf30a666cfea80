package dev.lockstep.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The order of the strategies, what each reads, and the message when none works. */
class StrategyTest {

    @Test
    void whenNothingWorksTheMessageListsEveryOptionAndWhyEachFailed() {
        assertThatThrownBy(() -> Strategies.obtain(Map.of(),
                () -> {
                    throw new Unavailable("no Docker engine answered");
                },
                () -> {
                    throw new IllegalStateException("initdb crashed");
                }))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("No PostgreSQL for the tests. Set LOCKSTEP_TEST_JDBC_URL (with LOCKSTEP_TEST_USER and"
                        + " LOCKSTEP_TEST_PASSWORD) to a database of an account that may create roles and databases,"
                        + " or start a Docker engine for Testcontainers, or install the PostgreSQL server binaries"
                        + " (apt-get install postgresql). Tried:\n"
                        + " - environment: LOCKSTEP_TEST_JDBC_URL is not set\n"
                        + " - testcontainers: no Docker engine answered\n"
                        + " - local: initdb crashed")
                .satisfies(e -> assertThat(e.getSuppressed()).hasSize(2));
    }

    @Test
    void theEnvironmentVariableWinsAndItsUrlKeepsEverythingButCredentials() {
        Endpoint endpoint = Strategies.obtain(Map.of(
                        "LOCKSTEP_TEST_JDBC_URL",
                        "jdbc:postgresql://db.example:6543/ci?sslmode=require&password=x&user=u",
                        "LOCKSTEP_TEST_PASSWORD", "from-the-environment"),
                () -> {
                    throw new AssertionError("Docker must not be tried");
                },
                () -> {
                    throw new AssertionError("a local cluster must not be started");
                });

        assertThat(endpoint.kind()).isEqualTo("environment");
        assertThat(endpoint.host()).isEqualTo("db.example");
        assertThat(endpoint.port()).isEqualTo(6543);
        assertThat(endpoint.adminDatabase()).isEqualTo("ci");
        assertThat(endpoint.adminUser()).isEqualTo("u");
        assertThat(endpoint.adminPassword()).isEqualTo("from-the-environment");
        assertThat(endpoint.urlParameters()).isEqualTo("?sslmode=require");
        assertThat(endpoint.toString()).doesNotContain("from-the-environment");
        assertThat(Secrets.registered()).contains("from-the-environment");
    }

    @Test
    void aMalformedUrlIsAnErrorNamingTheVariableWithThePasswordMasked() {
        assertThatThrownBy(() -> EnvironmentStrategy.fromEnvironment(Map.of(
                "LOCKSTEP_TEST_JDBC_URL", "jdbc:postgresql:ci?password=hunter2hunter2")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("LOCKSTEP_TEST_JDBC_URL is set but is not a URL of the form"
                        + " jdbc:postgresql://host[:port]/database[?parameters]: jdbc:postgresql:ci?password=***."
                        + " Fix it, or unset it to let the tests start their own PostgreSQL.");
    }

    /**
     * End to end: a child JVM given LOCKSTEP_TEST_JDBC_URL uses this JVM's server instead of starting its own, makes
     * its test database there, and drops it when it exits.
     */
    @Test
    void aChildJvmGivenTheEnvironmentVariableUsesThatServerAndDropsItsDatabaseAtExit() {
        PostgresServer server = PostgresServer.shared();
        assumeTrue(server.kind().equals("local"), "needs the admin password of a server this JVM owns");
        JavaProcess child = JavaProcess.builder(ClusterMain.class).name("environment-child")
                .env("LOCKSTEP_TEST_JDBC_URL", server.jdbcUrl("postgres"))
                .env("LOCKSTEP_TEST_USER", server.adminUser())
                .env("LOCKSTEP_TEST_PASSWORD", server.adminPassword())
                .start();
        Duration timeout = Duration.ofSeconds(60);
        assertThat(child.awaitOutput("^DATABASE ", timeout)).as(child.output()).isTrue();
        Matcher database = Pattern.compile("(?m)^DATABASE (\\S+) 42$").matcher(child.output());
        assertThat(database.find()).as(child.output()).isTrue();
        assertThat(child.output()).contains("KIND environment\n", "PORT " + server.port() + "\n", "DIR -\n");

        try (TestDatabase observer = server.createDatabase("observer")) {
            assertThat(observer.queryLong("SELECT count(*) FROM pg_database WHERE datname = '" + database.group(1)
                    + "'")).isOne();
            child.sendLine("EXIT");
            assertThat(child.waitFor(timeout)).as(child.output()).isZero();
            assertThat(observer.queryLong("SELECT count(*) FROM pg_database WHERE datname = '" + database.group(1)
                    + "'")).as("dropped at the child's exit").isZero();
        }
    }
}
