package dev.lockstep.cli;

import dev.lockstep.ErrorCode;
import dev.lockstep.Lockstep;
import dev.lockstep.LockstepException;
import dev.lockstep.LockstepSettings;
import dev.lockstep.Mode;
import dev.lockstep.spi.MigrationListener;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.jspecify.annotations.Nullable;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.LoggerFactory;

/**
 * A {@link Lockstep} built from the command's options, as an application would build it: a DataSource for the
 * database, Flyway configured with the migrations and Flyway's own settings, Lockstep's settings from the
 * environment and {@code --set}. Holds the application's class loader (with {@code --jar}) until closed.
 */
final class Setup implements AutoCloseable {
    private final Lockstep lockstep;
    private final @Nullable ApplicationJar jar;

    private Setup(Lockstep lockstep, @Nullable ApplicationJar jar) {
        this.lockstep = lockstep;
        this.jar = jar;
    }

    /**
     * @param mode the mode of a run command; null for commands that do not run ({@code status}, {@code snapshots})
     * @param needsMigrations whether the command compares the schema with the migrations, so that they must be given
     */
    static Setup of(Options options, @Nullable Mode mode, boolean needsMigrations, Output output,
            MigrationListener listener) {
        Map<String, String> environment = System.getenv();
        LockstepSettings settings = options.settings.settings(environment, mode);
        ConnectionOptions.Login login = options.connection.login(environment, output::warn);
        MigrationOptions migrations = options.migrations;
        if (needsMigrations && !migrations.givesMigrations()) {
            throw new LockstepException(ErrorCode.INVALID_CONFIGURATION, "No migrations given. Pass --locations"
                    + " filesystem:db/migration (Flyway's syntax), or --jar with the application's jar, so that the"
                    + " schema can be compared with the migrations the application ships.");
        }
        Map<String, String> flywaySettings = migrations.flywaySettings(output::warn);
        ApplicationJar jar = migrations.jar == null ? null : ApplicationJar.open(migrations.jar);
        try {
            if (jar != null) {
                LoggerFactory.getLogger(Setup.class).info("Migrations from {}", jar.description());
            }
            ClassLoader loader = jar != null ? jar.classLoader() : Setup.class.getClassLoader();
            FluentConfiguration flyway = Flyway.configure(loader).dataSource(dataSource(login));
            configure(flyway, flywaySettings);
            if (migrations.locations != null) {
                flyway.locations(migrations.locations.toArray(String[]::new));
            } else if (jar == null && !flywaySettings.containsKey("flyway.locations")) {
                flyway.locations(new String[0]); // snapshots and history read no migrations: none to look for
            }
            Lockstep lockstep = Lockstep.configure(flyway.load()).settings(settings)
                    .connectionDetails(login.url(), login.user(), login.password()).listener(listener).build();
            return new Setup(lockstep, jar);
        } catch (RuntimeException e) {
            if (jar != null) {
                jar.close();
            }
            throw e;
        }
    }

    Lockstep lockstep() {
        return lockstep;
    }

    @Override
    public void close() {
        if (jar != null) {
            jar.close();
        }
    }

    private static PGSimpleDataSource dataSource(ConnectionOptions.Login login) {
        // The CLI has read libpq's password file itself, as libpq does (a file others may read is ignored); pgjdbc
        // would read it again on its own without that rule. An empty file gives it nothing to find.
        System.setProperty("org.postgresql.pgpassfile", "/dev/null");
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(login.url());
        dataSource.setUser(login.user());
        if (login.password() != null) {
            dataSource.setPassword(login.password());
        }
        return dataSource;
    }

    private static void configure(FluentConfiguration flyway, Map<String, String> settings) {
        if (settings.isEmpty()) {
            return;
        }
        try {
            flyway.configuration(settings);
        } catch (FlywayException e) {
            throw new LockstepException(ErrorCode.INVALID_CONFIGURATION, "Flyway refused its settings ("
                    + String.join(", ", settings.keySet()) + "): " + e.getMessage() + " Pass Flyway's own keys, such as"
                    + " flyway.schemas or flyway.table, with --flyway or in --flyway-config.", e);
        }
    }

    /** The option groups a command that opens the database has. */
    record Options(ConnectionOptions connection, MigrationOptions migrations, SettingsOptions settings) {}
}
