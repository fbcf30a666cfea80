package dev.lockstep.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.flywaydb.core.Flyway;
import org.postgresql.util.DriverInfo;
import picocli.AutoComplete.GenerateCompletion;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code lockstep}: the commands. A command for {@code plan} joins the list once the core offers a plan; every
 * command that opens the database follows {@link DatabaseCommand}.
 */
@Command(name = "lockstep", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT, versionProvider = LockstepCommand.Version.class,
        description = {"Lockstep's operations on a PostgreSQL schema, without writing Java: where the schema stands,"
                + " migrate as a Kubernetes Job or init container, and the snapshots Lockstep takes before migrating.",
            "",
            "Connection: --url and --user (or LOCKSTEP_URL, LOCKSTEP_USER); the password from --password-file,"
                + " LOCKSTEP_PASSWORD, PGPASSWORD or ~/.pgpass, never from the command line. Migrations: --locations"
                + " or --jar (the application's own jar). Settings: --set key=value or LOCKSTEP_* variables, the same"
                + " keys as everywhere (docs/configuration.md).",
            ""},
        subcommands = {StatusCommand.class, RunCommand.Migrate.class, RunCommand.Validate.class, RunCommand.Wait.class,
            HistoryCommand.class, SnapshotsCommand.class, GenerateCompletion.class},
        commandListHeading = "%nCommands:%n",
        footerHeading = "%nExamples:%n")
final class LockstepCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing command: lockstep status, migrate, validate, wait,"
                + " history or snapshots.");
    }

    /** {@code lockstep --version}: this release with the Flyway, pgjdbc and Java it runs on. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Version.class.getPackage().getImplementationVersion();
            return new String[] {"lockstep " + (version == null ? "(development build)" : version),
                "Flyway " + flywayVersion() + ", PostgreSQL JDBC " + DriverInfo.DRIVER_VERSION + ", Java "
                    + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"};
        }

        /** Flyway keeps its version in a resource of its jar, not in the manifest. */
        private static String flywayVersion() {
            try (InputStream in = Flyway.class.getResourceAsStream("/org/flywaydb/core/internal/version.txt")) {
                return in == null ? "(unknown version)" : new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                return "(unknown version)";
            }
        }
    }
}
