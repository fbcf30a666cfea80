package dev.lockstep.samples.quarkus;

import dev.lockstep.embedded.EmbeddedDatabase;
import dev.lockstep.embedded.EmbeddedPostgres;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * Starts the sample. Without a datasource URL ({@code QUARKUS_DATASOURCE_JDBC_URL} or
 * {@code -Dquarkus.datasource.jdbc.url}), it first starts a throwaway PostgreSQL from the locally installed binaries
 * (gone when the application stops) and hands its URL, user and password to Quarkus as system properties of this
 * JVM: the password never appears on a command line.
 *
 * <pre>
 * ./mvnw -q -pl samples/quarkus-app -am package exec:exec -DskipTests
 * curl localhost:8080/q/health/ready
 * </pre>
 */
@QuarkusMain
public final class SampleMain {
    private static final String URL_PROPERTY = "quarkus.datasource.jdbc.url";

    private SampleMain() {}

    public static void main(String... args) {
        if (System.getenv("QUARKUS_DATASOURCE_JDBC_URL") == null && System.getProperty(URL_PROPERTY) == null) {
            EmbeddedDatabase database = EmbeddedPostgres.shared().createDatabase("lockstep_quarkus_sample");
            System.out.println("Database: " + database.jdbcUrl() + " as " + database.user()
                    + " (a throwaway PostgreSQL, dropped when the application stops)");
            System.setProperty(URL_PROPERTY, database.jdbcUrl());
            System.setProperty("quarkus.datasource.username", database.user());
            System.setProperty("quarkus.datasource.password", database.password());
        }
        Quarkus.run(args);
    }
}
