package dev.lockstep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockstep.internal.connect.ConnectionDetails;
import dev.lockstep.internal.snapshot.LibpqEnvironment;
import dev.lockstep.internal.snapshot.Passfile;
import dev.lockstep.testsupport.PostgresTest;
import dev.lockstep.testsupport.Secrets;
import dev.lockstep.testsupport.TestDatabase;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * How a pg_dump child learns where to connect: the JDBC URL translated into libpq's environment, the password in a
 * 0600 password file. The table needs no database; the last tests run the real psql against the fixture's server.
 */
@PostgresTest
class LibpqEnvironmentTest {
    private static final String APP = "lockstep-snapshot";
    private static final String DRIVER_REFUSES = "the PostgreSQL JDBC driver cannot parse it either (a port that is"
            + " not a number from 1 to 65535, no / after the hosts, a bad percent-encoding, an unknown service)";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** What every row of the table shares unless it says otherwise. */
    private static final Map<String, String> COMMON = Map.of("PGAPPNAME", APP, "PGCONNECT_TIMEOUT", "10",
            "PGSSLMODE", "prefer", "PGUSER", "app");

    @TempDir
    Path directory;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        // simple; several hosts with and without ports; a database name with an escaped space
        "jdbc:postgresql://db.internal:6543/orders | PGHOST=db.internal; PGPORT=6543; PGDATABASE=orders",
        "jdbc:postgresql://db1:5433,db2,db3:5434/orders | PGHOST=db1,db2,db3; PGPORT=5433,5432,5434; PGDATABASE=orders",
        "jdbc:postgresql://db/my%20orders | PGHOST=db; PGPORT=5432; PGDATABASE=my orders",
        // IPv6 literals lose their brackets
        "jdbc:postgresql://[::1]:5433/db | PGHOST=::1; PGPORT=5433; PGDATABASE=db",
        "jdbc:postgresql://[2001:db8::1]:5433,[::1]/db | PGHOST=2001:db8::1,::1; PGPORT=5433,5432; PGDATABASE=db",
        // short forms; without a database pgjdbc connects to the user's namesake
        "jdbc:postgresql:orders | PGHOST=localhost; PGPORT=5432; PGDATABASE=orders",
        "jdbc:postgresql://db/ | PGHOST=db; PGPORT=5432; PGDATABASE=app",
        // a unix socket through junixsocket: the socket's directory is the host, its suffix the port
        "jdbc:postgresql://localhost/orders?socketFactory=org.newsclub.net.unix.AFUNIXSocketFactory$FactoryArg"
                + "&socketFactoryArg=/var/run/postgresql/.s.PGSQL.5432"
                + " | PGHOST=/var/run/postgresql; PGPORT=5432; PGDATABASE=orders",
        "jdbc:postgresql://ignored:1/orders?socketFactory=org.newsclub.net.unix.AFUNIXSocketFactory%24FactoryArg"
                + "&socketFactoryArg=%2Ftmp%2Fpg%2F.s.PGSQL.6000 | PGHOST=/tmp/pg; PGPORT=6000; PGDATABASE=orders",
        // options, percent-decoded
        "jdbc:postgresql://db/orders?options=-c%20search_path%3Dapp%20-c%20statement_timeout%3D0"
                + " | PGHOST=db; PGPORT=5432; PGDATABASE=orders; PGOPTIONS=-c search_path=app -c statement_timeout=0",
        // TLS
        "jdbc:postgresql://db/orders?sslmode=verify-ca&sslrootcert=/etc/ssl/root.crt&sslcert=/etc/ssl/client.crt"
                + "&sslkey=/etc/ssl/client.key | PGHOST=db; PGPORT=5432; PGDATABASE=orders; PGSSLMODE=verify-ca;"
                + " PGSSLROOTCERT=/etc/ssl/root.crt; PGSSLCERT=/etc/ssl/client.crt; PGSSLKEY=/etc/ssl/client.key",
        "jdbc:postgresql://db/orders?sslmode=DISABLE | PGHOST=db; PGPORT=5432; PGDATABASE=orders; PGSSLMODE=disable",
        "jdbc:postgresql://db/orders?sslmode=allow | PGHOST=db; PGPORT=5432; PGDATABASE=orders; PGSSLMODE=allow",
        "jdbc:postgresql://db/orders?sslmode=require | PGHOST=db; PGPORT=5432; PGDATABASE=orders; PGSSLMODE=require",
        "jdbc:postgresql://db/orders?ssl=true | PGHOST=db; PGPORT=5432; PGDATABASE=orders; PGSSLMODE=verify-full",
        "jdbc:postgresql://db/orders?ssl | PGHOST=db; PGPORT=5432; PGDATABASE=orders; PGSSLMODE=verify-full",
        "jdbc:postgresql://db/orders?ssl=true&sslmode=require"
                + " | PGHOST=db; PGPORT=5432; PGDATABASE=orders; PGSSLMODE=require",
        // pgjdbc keeps its default prefer for ssl=false, and so does the child
        "jdbc:postgresql://db/orders?ssl=false | PGHOST=db; PGPORT=5432; PGDATABASE=orders; PGSSLMODE=prefer",
        // target server type
        "jdbc:postgresql://db1,db2/orders?targetServerType=primary"
                + " | PGHOST=db1,db2; PGPORT=5432,5432; PGDATABASE=orders; PGTARGETSESSIONATTRS=primary",
        "jdbc:postgresql://db/orders?targetServerType=master"
                + " | PGHOST=db; PGPORT=5432; PGDATABASE=orders; PGTARGETSESSIONATTRS=primary",
        "jdbc:postgresql://db/orders?targetServerType=secondary"
                + " | PGHOST=db; PGPORT=5432; PGDATABASE=orders; PGTARGETSESSIONATTRS=standby",
        "jdbc:postgresql://db/orders?targetServerType=preferSecondary"
                + " | PGHOST=db; PGPORT=5432; PGDATABASE=orders; PGTARGETSESSIONATTRS=prefer-standby",
        "jdbc:postgresql://db/orders?targetServerType=any"
                + " | PGHOST=db; PGPORT=5432; PGDATABASE=orders; PGTARGETSESSIONATTRS=any",
        "jdbc:postgresql://db/orders?targetServerType=preferPrimary | PGHOST=db; PGPORT=5432; PGDATABASE=orders",
        // the URL's connect timeout wins
        "jdbc:postgresql://db/orders?connectTimeout=3 | PGHOST=db; PGPORT=5432; PGDATABASE=orders; PGCONNECT_TIMEOUT=3",
        "jdbc:postgresql://db/orders?connectTimeout=0 | PGHOST=db; PGPORT=5432; PGDATABASE=orders; PGCONNECT_TIMEOUT=0",
        // everything else is dropped: the URL's application name, driver tuning, unknown names, the password
        "jdbc:postgresql://db/orders?ApplicationName=web&prepareThreshold=0&loggerLevel=DEBUG&tcpKeepAlive=true"
                + "&sslpassword=keypass&password=urlpass&&flag&=odd | PGHOST=db; PGPORT=5432; PGDATABASE=orders",
    })
    void translatesTheJdbcUrl(String url, String expected) {
        LibpqEnvironment environment = LibpqEnvironment.of(new ConnectionDetails(url, "app", "s3cret"), APP, TIMEOUT);

        assertThat(environment.variables()).isEqualTo(expectedVariables(expected));
    }

    @Test
    void takesTheUserAndPasswordFromTheUrlWhenTheDetailsLackThem() {
        String url = "jdbc:postgresql://db/?user=orders_app&password=url%3Asecret";
        LibpqEnvironment environment = LibpqEnvironment.of(new ConnectionDetails(url, null, null), APP, TIMEOUT);

        assertThat(environment.variables()).containsEntry("PGUSER", "orders_app")
                .containsEntry("PGDATABASE", "orders_app");
        assertThat(environment.hasPassword()).isTrue();
        assertThat(environment.variables().values()).noneMatch(value -> value.contains("url:secret"));
        assertThat(environment.toString()).doesNotContain("url:secret").doesNotContain("url%3Asecret");
    }

    /** pgjdbc resolves {@code service=} from the service file, and so the child connects where the driver does. */
    @Test
    void readsAServiceFromTheServiceFileAsPgjdbcDoes() throws IOException {
        Path serviceFile = Files.writeString(directory.resolve("pg_service.conf"),
                "[orders-db]\nhost=db.internal\nport=6543\ndbname=orders\nsslmode=require\n");
        String previous = System.setProperty("org.postgresql.pgservicefile", serviceFile.toString());
        try {
            LibpqEnvironment environment = LibpqEnvironment.of(
                    new ConnectionDetails("jdbc:postgresql://?service=orders-db", "app", null), APP, TIMEOUT);

            assertThat(environment.variables()).containsEntry("PGHOST", "db.internal").containsEntry("PGPORT", "6543")
                    .containsEntry("PGDATABASE", "orders").containsEntry("PGSSLMODE", "require");
        } finally {
            if (previous == null) {
                System.clearProperty("org.postgresql.pgservicefile");
            } else {
                System.setProperty("org.postgresql.pgservicefile", previous);
            }
        }
    }

    @Test
    void prefersTheDetailsOverTheUrl() throws IOException {
        String url = "jdbc:postgresql://db/orders?user=url_user&password=url_pass";
        LibpqEnvironment environment =
                LibpqEnvironment.of(new ConnectionDetails(url, "details_user", "details_pass"), APP, TIMEOUT);

        assertThat(environment.variables()).containsEntry("PGUSER", "details_user");
        try (Passfile passfile = environment.createPassfile(directory)) {
            assertThat(passfile).isNotNull();
            assertThat(Files.readString(passfile.path())).isEqualTo("*:*:*:*:details_pass\n");
        }
    }

    @Test
    void roundsTheConnectTimeoutUpToWholeSecondsOfAtLeastOne() {
        ConnectionDetails details = new ConnectionDetails("jdbc:postgresql://db/orders", "app", null);

        assertThat(timeout(details, Duration.ofMillis(2500))).isEqualTo("3");
        assertThat(timeout(details, Duration.ofMillis(10))).isEqualTo("1");
        assertThat(timeout(details, Duration.ZERO)).isEqualTo("1");
    }

    @Test
    void neverShowsThePassword() {
        String url = "jdbc:postgresql://db/orders?password=urlpass&options=-c%20search_path%3Dapp";
        LibpqEnvironment environment = LibpqEnvironment.of(new ConnectionDetails(url, "app", "s3cret"), APP, TIMEOUT);

        assertThat(environment.hasPassword()).isTrue();
        assertThat(environment.variables().values()).noneMatch(value -> value.contains("s3cret"))
                .noneMatch(value -> value.contains("urlpass"));
        assertThat(environment.toString()).contains("PGHOST=db").contains("with a password file")
                .doesNotContain("s3cret").doesNotContain("urlpass");
    }

    @Test
    void failsWithHowToProvideTheCredentialsWhenTheDataSourceHidesThem() {
        assertThatThrownBy(() -> LibpqEnvironment.of(null, APP, TIMEOUT))
                .isInstanceOfSatisfying(SnapshotFailedException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.SNAPSHOT_FAILED))
                .hasMessage("pg_dump needs the database's JDBC URL, user and password, and the DataSource does not"
                        + " reveal them. Pass them with Lockstep.Builder.connectionDetails(jdbcUrl, user, password)"
                        + " in plain Java (the Spring Boot starter and the Quarkus extension pass them from the"
                        + " datasource configuration), or set snapshot.enabled=false to migrate without snapshots.");
    }

    @Test
    void failsWithHowToProvideTheUserWhenNoneIsKnown() {
        ConnectionDetails details =
                new ConnectionDetails("jdbc:postgresql://db:5433/orders?password=urlpass", null, "s3cret");

        assertThatThrownBy(() -> LibpqEnvironment.of(details, APP, TIMEOUT))
                .isInstanceOf(SnapshotFailedException.class)
                .hasMessage("pg_dump needs a user name to connect to jdbc:postgresql://db:5433/orders, and neither"
                        + " the connection details nor the URL's user parameter give one. Pass them with"
                        + " Lockstep.Builder.connectionDetails(jdbcUrl, user, password) in plain Java (the Spring Boot"
                        + " starter and the Quarkus extension pass them from the datasource configuration), or set"
                        + " snapshot.enabled=false to migrate without snapshots.");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "jdbc:postgresql://db:abc/orders | " + DRIVER_REFUSES,
        "jdbc:postgresql://db:70000/orders | " + DRIVER_REFUSES,
        "jdbc:postgresql://::1/orders | a host holds a colon: write IPv6 addresses in brackets",
        "jdbc:postgresql://[::1/orders | an IPv6 address must be written [address] or [address]:port",
        "jdbc:postgresql://db | " + DRIVER_REFUSES,
        "jdbc:postgresql:/ | " + DRIVER_REFUSES,
        "jdbc:mysql://db/orders | it does not start with jdbc:postgresql:",
        "jdbc:postgresql://db/or%zzders | " + DRIVER_REFUSES,
        "jdbc:postgresql://db/orders?options=%zz | " + DRIVER_REFUSES,
        "jdbc:postgresql://db/orders?service=no-such-service | " + DRIVER_REFUSES,
        "jdbc:postgresql://db/orders?sslmode=sometimes"
                + " | sslmode sometimes is none of disable, allow, prefer, require, verify-ca, verify-full",
        "jdbc:postgresql://db/orders?connectTimeout=soon | connectTimeout soon is not a whole number of seconds",
    })
    void failsOnAMalformedUrlNamingIt(String url, String reason) {
        ConnectionDetails details = new ConnectionDetails(url, "app", "s3cret");

        assertThatThrownBy(() -> LibpqEnvironment.of(details, APP, TIMEOUT))
                .isInstanceOf(SnapshotFailedException.class)
                .hasMessage("The JDBC URL " + details.redactedUrl() + " cannot be translated for pg_dump: " + reason
                        + ". Use the form jdbc:postgresql://host[:port][,host[:port]...]/database[?parameters], or set"
                        + " snapshot.enabled=false to migrate without snapshots.");
    }

    @Test
    void aMalformedUrlWithAPasswordInItKeepsThePasswordOutOfTheMessage() {
        ConnectionDetails details = new ConnectionDetails("jdbc:postgresql://app:s3cret@db/orders", "app", null);

        assertThatThrownBy(() -> LibpqEnvironment.of(details, APP, TIMEOUT))
                .isInstanceOf(SnapshotFailedException.class)
                .hasMessageStartingWith("The JDBC URL jdbc:postgresql://app:***@db/orders cannot be translated")
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void refusesASocketFactoryThatPgDumpCannotFollow() {
        ConnectionDetails details = new ConnectionDetails("jdbc:postgresql:///orders?cloudSqlInstance=p:r:i"
                + "&socketFactory=com.google.cloud.sql.postgres.SocketFactory", "app", "s3cret");

        assertThatThrownBy(() -> LibpqEnvironment.of(details, APP, TIMEOUT))
                .isInstanceOf(SnapshotFailedException.class)
                .hasMessage("pg_dump cannot reach the database of the JDBC URL jdbc:postgresql:///orders: it connects"
                        + " through socketFactory com.google.cloud.sql.postgres.SocketFactory, which pg_dump cannot"
                        + " use. Pass a URL with a host pg_dump can reach with Lockstep.Builder.connectionDetails("
                        + "jdbcUrl, user, password), or set snapshot.enabled=false to migrate without snapshots.");
    }

    @Test
    void replacesEveryInheritedPgVariableOfTheChild() throws IOException {
        LibpqEnvironment environment = LibpqEnvironment.of(
                new ConnectionDetails("jdbc:postgresql://db:6543/orders", "app", "s3cret"), APP, TIMEOUT);
        ProcessBuilder child = new ProcessBuilder("true");
        child.environment().putAll(Map.of("PGPASSWORD", "stray", "PGHOST", "elsewhere", "PGSERVICE", "other",
                "PGSSLMODE", "disable", "KEEP_ME", "yes"));

        try (Passfile passfile = environment.createPassfile(directory)) {
            assertThat(passfile).isNotNull();
            environment.applyTo(child, passfile);

            Map<String, String> pg = new HashMap<>(child.environment());
            pg.keySet().removeIf(name -> !name.startsWith("PG"));
            Map<String, String> expected = new HashMap<>(environment.variables());
            expected.put("PGPASSFILE", passfile.path().toString());
            assertThat(pg).isEqualTo(expected);
            assertThat(child.environment()).containsEntry("KEEP_ME", "yes");
            assertThat(child.environment().values()).noneMatch(value -> value.contains("s3cret"));
        }
    }

    @Test
    void withoutAPasswordThereIsNoPasswordFile() {
        LibpqEnvironment environment = LibpqEnvironment.of(
                new ConnectionDetails("jdbc:postgresql://db/orders", "app", null), APP, TIMEOUT);
        ProcessBuilder child = new ProcessBuilder("true");
        child.environment().put("PGPASSFILE", "/home/someone/.pgpass");

        assertThat(environment.hasPassword()).isFalse();
        assertThat(environment.createPassfile(directory)).isNull();
        environment.applyTo(child, null);

        assertThat(child.environment()).doesNotContainKey("PGPASSFILE").containsEntry("PGHOST", "db");
    }

    @Test
    void aPasswordNeedsItsPasswordFile() {
        LibpqEnvironment environment = LibpqEnvironment.of(
                new ConnectionDetails("jdbc:postgresql://db/orders", "app", "s3cret"), APP, TIMEOUT);

        assertThatThrownBy(() -> environment.applyTo(new ProcessBuilder("true"), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a password file is needed: call createPassfile first");
    }

    @Test
    void switchesToAnotherDatabaseForARestore() {
        LibpqEnvironment environment = LibpqEnvironment.of(
                new ConnectionDetails("jdbc:postgresql://db/orders", "app", "s3cret"), APP, TIMEOUT);

        LibpqEnvironment maintenance = environment.withDatabase("postgres");

        assertThat(maintenance.database()).isEqualTo("postgres");
        assertThat(maintenance.hasPassword()).isTrue();
        assertThat(environment.database()).isEqualTo("orders");
        Map<String, String> expected = new HashMap<>(environment.variables());
        expected.put("PGDATABASE", "postgres");
        assertThat(maintenance.variables()).isEqualTo(expected);
    }

    @Test
    void passfileEscapesColonsAndBackslashes() throws IOException {
        try (Passfile passfile = Passfile.create(directory, "pa:ss\\wo:rd\\")) {
            assertThat(Files.readString(passfile.path(), StandardCharsets.UTF_8))
                    .isEqualTo("*:*:*:*:pa\\:ss\\\\wo\\:rd\\\\\n");
        }
    }

    @Test
    void passfileIsReadableByItsOwnerOnlyAndDeletedOnClose() throws IOException {
        Passfile passfile = Passfile.create(directory, "s3cret");

        assertThat(passfile.path().getParent()).isEqualTo(directory);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(passfile.path())))
                .isEqualTo("rw-------");

        passfile.close();
        assertThat(passfile.path()).doesNotExist();
        passfile.close();
        assertThat(passfile.path()).doesNotExist();
    }

    @Test
    void passfileRefusesAPasswordWithALineBreak() {
        assertThatThrownBy(() -> Passfile.create(directory, "two\nlines"))
                .isInstanceOf(SnapshotFailedException.class)
                .hasMessage("The database password contains a line break, which a libpq password file cannot hold,"
                        + " so pg_dump cannot be given the password. Use a password without line breaks, or set"
                        + " snapshot.enabled=false to migrate without snapshots.");
        assertThat(directory).isEmptyDirectory();
    }

    @Test
    void passfileNamesADirectoryItCannotWriteTo() {
        Path missing = directory.resolve("missing");

        assertThatThrownBy(() -> Passfile.create(missing, "s3cret"))
                .isInstanceOf(SnapshotFailedException.class)
                .hasMessageStartingWith("Cannot create a password file for pg_dump in " + missing + ": ")
                .hasMessageEndingWith(". Make the directory writable for this process (a file system with POSIX"
                        + " permissions), or set snapshot.enabled=false to migrate without snapshots.")
                .hasMessageNotContaining("s3cret");
    }

    /** The real psql, with nothing but this environment, reaches the fixture's database with a password. */
    @Test
    void psqlConnectsWithThisEnvironmentAndPasswordFileAlone(TestDatabase db) throws Exception {
        LibpqEnvironment environment = LibpqEnvironment.of(
                new ConnectionDetails(db.jdbcUrl(), db.user(), db.password()), "lockstep-libpq-test", TIMEOUT);
        Path passfilePath;
        try (Passfile passfile = environment.createPassfile(directory)) {
            assertThat(passfile).isNotNull();
            passfilePath = passfile.path();
            Result result = psql(environment, passfile, "select current_user || ' ' || current_database()"
                    + " || ' ' || current_setting('application_name')");

            assertThat(result.exitCode()).as(result.output()).isZero();
            assertThat(result.output().strip()).isEqualTo(db.user() + " " + db.name() + " lockstep-libpq-test");
        }
        assertThat(passfilePath).doesNotExist();
    }

    /** Without the password file the server refuses: the password file, not a trusting server, let psql in. */
    @Test
    void psqlWithoutThePasswordIsRefused(TestDatabase db) throws Exception {
        LibpqEnvironment environment = LibpqEnvironment.of(
                new ConnectionDetails(db.jdbcUrl(), db.user(), null), "lockstep-libpq-test", TIMEOUT);

        Result result = psql(environment, null, "select 1");

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.output()).contains("no password supplied");
    }

    /** libpq reads the escaped password back exactly: a role whose password holds both characters logs in. */
    @Test
    void psqlLogsInWithAPasswordHoldingColonsAndBackslashes(TestDatabase db) throws Exception {
        String role = db.user() + "_escaped";
        String password = "co:lon\\back:slash\\";
        Secrets.register(password);
        try (Connection admin = db.connectAsAdmin(); Statement statement = admin.createStatement()) {
            statement.execute("CREATE ROLE " + role + " LOGIN PASSWORD '" + password + "'");
            try {
                LibpqEnvironment environment = LibpqEnvironment.of(
                        new ConnectionDetails(db.jdbcUrl(), role, password), "lockstep-libpq-test", TIMEOUT);
                try (Passfile passfile = environment.createPassfile(directory)) {
                    Result result = psql(environment, passfile, "select current_user");

                    assertThat(result.exitCode()).as(result.output()).isZero();
                    assertThat(result.output().strip()).isEqualTo(role);
                }
            } finally {
                statement.execute("DROP ROLE " + role);
            }
        }
    }

    private static Map<String, String> expectedVariables(String entries) {
        Map<String, String> expected = new HashMap<>(COMMON);
        for (String entry : entries.split(";")) {
            String[] nameAndValue = entry.strip().split("=", 2);
            expected.put(nameAndValue[0], nameAndValue[1]);
        }
        return expected;
    }

    private static String timeout(ConnectionDetails details, Duration timeout) {
        return LibpqEnvironment.of(details, APP, timeout).variables().get("PGCONNECT_TIMEOUT");
    }

    private record Result(int exitCode, String output) {}

    /**
     * Runs psql with -w (never prompt) and -X (no ~/.psqlrc), and stray PG variables that must not matter: a wrong
     * password and a host that does not exist.
     */
    private Result psql(LibpqEnvironment environment, @Nullable Passfile passfile, String sql) throws Exception {
        ProcessBuilder child = new ProcessBuilder(psqlPath(), "-w", "-X", "-At", "-c", sql)
                .redirectErrorStream(true);
        child.environment().put("PGPASSWORD", "wrong");
        child.environment().put("PGHOST", "nowhere.invalid");
        environment.applyTo(child, passfile);
        Process process = child.start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("psql did not finish within 30 s: " + output);
        }
        return new Result(process.exitValue(), output);
    }

    /** Where {@code pg_config --bindir} says the client programs are, else psql from the PATH. */
    private static String psqlPath() throws Exception {
        boolean pgConfigOnPath = Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .anyMatch(entry -> !entry.isEmpty() && Files.isExecutable(Path.of(entry, "pg_config")));
        if (!pgConfigOnPath) {
            return "psql";
        }
        Process pgConfig = new ProcessBuilder("pg_config", "--bindir").redirectErrorStream(true).start();
        String bindir = new String(pgConfig.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(pgConfig.waitFor(10, TimeUnit.SECONDS)).as("pg_config --bindir finished").isTrue();
        Path psql = Path.of(bindir, "psql");
        return pgConfig.exitValue() == 0 && Files.isExecutable(psql) ? psql.toString() : "psql";
    }
}
