package dev.lockstep.benchmarks.harness;

import dev.lockstep.embedded.EmbeddedDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Properties;
import org.flywaydb.core.Flyway;

/** What a reader needs to judge the numbers: the machine, its load, and the versions of everything measured. */
public final class Machine {
    private Machine() {}

    /** The run's header: date, cores, memory, load, Java, PostgreSQL, Flyway, the driver and the pool. */
    public static void describe(PrintStream out, EmbeddedDatabase db) throws SQLException {
        Runtime runtime = Runtime.getRuntime();
        out.println("- date: " + ZonedDateTime.now(ZoneOffset.UTC)
                .format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")));
        out.println("- machine: " + runtime.availableProcessors() + " cores, " + physicalMemory() + " RAM, "
                + System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch") + ", " + loadAverage() + " at start");
        out.println("- Java: " + System.getProperty("java.runtime.version") + " (" + System.getProperty("java.vm.name")
                + "), max heap " + runtime.maxMemory() / (1024 * 1024) + " MiB");
        try (Connection connection = db.connect(); Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SELECT version(), current_setting('fsync'),"
                        + " current_setting('shared_buffers'), current_setting('max_connections')")) {
            row.next();
            out.println("- PostgreSQL: " + row.getString(1) + " (local throwaway cluster, fsync=" + row.getString(2)
                    + ", shared_buffers=" + row.getString(3) + ", max_connections=" + row.getString(4) + ")");
            out.println("- Flyway " + version(Flyway.class, "org.flywaydb", "flyway-core") + ", "
                    + connection.getMetaData().getDriverName() + " " + connection.getMetaData().getDriverVersion()
                    + ", HikariCP " + version(com.zaxxer.hikari.HikariDataSource.class, "com.zaxxer", "HikariCP"));
        }
    }

    /** The system's load average over the last minute, as {@code load average 3.21}. */
    public static String loadAverage() {
        return String.format(Locale.ROOT, "load average %.2f",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    private static String physicalMemory() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return String.format(Locale.ROOT, "%.1f GiB", os.getTotalMemorySize() / (1024.0 * 1024 * 1024));
        }
        return "unknown";
    }

    /** The version from the jar's Maven metadata, else its manifest. */
    private static String version(Class<?> type, String groupId, String artifactId) {
        String resource = "/META-INF/maven/" + groupId + "/" + artifactId + "/pom.properties";
        try (InputStream in = type.getResourceAsStream(resource)) {
            if (in != null) {
                Properties properties = new Properties();
                properties.load(in);
                String version = properties.getProperty("version");
                if (version != null) {
                    return version;
                }
            }
        } catch (IOException e) {
            // no Maven metadata to read: the manifest may still say
        }
        String version = type.getPackage().getImplementationVersion();
        return version != null ? version : "unknown";
    }
}
