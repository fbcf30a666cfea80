package dev.lockstep.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.lockstep.embedded.process.JavaProcess;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The order of the strategies, what each reads, and the message when none works. */
class StrategiesTest {

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
                .hasMessage("No throwaway PostgreSQL could be had. Set LOCKSTEP_TEST_JDBC_URL (with LOCKSTEP_TEST_USER"
                        + " and LOCKSTEP_TEST_PASSWORD) to a database of an account that may create roles and"
                        + " databases, or install the PostgreSQL server binaries (apt-get install postgresql), or put"
                        + " org.testcontainers:testcontainers-postgresql on the class path and start a Docker engine."
                        + " Tried:\n"
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
    }

    @Test
    void aMalformedUrlIsAnErrorNamingTheVariableWithThePasswordMasked() {
        assertThatThrownBy(() -> EnvironmentStrategy.fromEnvironment(Map.of(
                "LOCKSTEP_TEST_JDBC_URL", "jdbc:postgresql:ci?password=hunter2hunter2")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("LOCKSTEP_TEST_JDBC_URL is set but is not a URL of the form"
                        + " jdbc:postgresql://host[:port]/database[?parameters]: jdbc:postgresql:ci?password=***."
                        + " Fix it, or unset it to let Lockstep start a throwaway PostgreSQL.");
    }

    /**
     * End to end: a child JVM given LOCKSTEP_TEST_JDBC_URL uses this JVM's server instead of starting its own, makes
     * its test database there, and drops it when it exits.
     */
    @Test
    void aChildJvmGivenTheEnvironmentVariableUsesThatServerAndDropsItsDatabaseAtExit() {
        EmbeddedPostgres server = EmbeddedPostgres.shared();
        assumeTrue(server.kind().equals("local"), "needs the admin password of a server this JVM owns");
        JavaProcess child = ClusterMain.start("environment-child", Map.of(
                "LOCKSTEP_TEST_JDBC_URL", server.jdbcUrl("postgres"),
                "LOCKSTEP_TEST_USER", server.adminUser(),
                "LOCKSTEP_TEST_PASSWORD", server.adminPassword()));
        String database = ClusterMain.awaitValue(child, "^DATABASE (\\S+) 42$");
        assertThat(child.output()).contains("KIND environment\n", "PORT " + server.port() + "\n", "DIR -\n");

        try (EmbeddedDatabase observer = server.createDatabase("observer")) {
            assertThat(observer.queryLong("SELECT count(*) FROM pg_database WHERE datname = '" + database + "'"))
                    .isOne();
            child.sendLine("EXIT");
            assertThat(child.waitFor(ClusterMain.TIMEOUT)).as(child.output()).isZero();
            assertThat(observer.queryLong("SELECT count(*) FROM pg_database WHERE datname = '" + database + "'"))
                    .as("dropped at the child's exit").isZero();
        }
    }
}
