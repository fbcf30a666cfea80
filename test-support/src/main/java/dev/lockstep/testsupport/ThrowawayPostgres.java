package dev.lockstep.testsupport;

/**
 * The database a sample uses when it is given none: a fresh database on {@link PostgresServer#shared()} (which honours
 * {@code LOCKSTEP_TEST_JDBC_URL}, else uses Docker or the locally installed PostgreSQL), gone when the JVM exits.
 * Nothing here depends on JUnit.
 *
 * <pre>{@code
 * ThrowawayPostgres.Database db = ThrowawayPostgres.start("lockstep_sample");
 * System.out.println("Database: " + db.jdbcUrl());   // print the URL, never the password
 * }</pre>
 */
public final class ThrowawayPostgres {
    private ThrowawayPostgres() {}

    /**
     * Creates a database whose name starts with {@code databaseName}, owned by a fresh role with a random password.
     *
     * @throws IllegalStateException when no PostgreSQL can be had; the message says how to provide one
     */
    public static Database start(String databaseName) {
        TestDatabase database = PostgresServer.shared().createDatabase(databaseName);
        return new Database(database.name(), database.jdbcUrl(), database.user(), database.password());
    }

    /** Where the throwaway database is and how to log in to it. */
    public record Database(String name, String jdbcUrl, String user, String password) {
        @Override
        public String toString() {
            // The generated toString would print the password.
            return "Database[" + jdbcUrl + " as " + user + "]";
        }
    }
}
