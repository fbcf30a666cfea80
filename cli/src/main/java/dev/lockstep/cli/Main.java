package dev.lockstep.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/** {@code bin/lockstep}: runs one command and exits with its code (docs/cli.md lists them). */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The commands, with Lockstep's exit codes and a usage-error handler that never echoes a password. */
    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new LockstepCommand());
        cli.setColorScheme(Help.defaultColorScheme(Terminal.stdout() ? Help.Ansi.AUTO : Help.Ansi.OFF));
        cli.setUsageHelpAutoWidth(true);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setParameterExceptionHandler(Main::usageError);
        cli.setExitCodeExceptionMapper(exception -> ExitStatus.FAILED.code());
        cli.getCommandSpec().usageMessage().footer(exitCodes());
        return cli;
    }

    private static String[] exitCodes() {
        List<String> lines = new ArrayList<>();
        lines.add("  export LOCKSTEP_URL=jdbc:postgresql://db:5432/shop LOCKSTEP_USER=shop");
        lines.add("  export LOCKSTEP_PASSWORD=...        # or --password-file, PGPASSWORD, ~/.pgpass");
        lines.add("  lockstep status --jar target/shop.jar");
        lines.add("  lockstep migrate --locations filesystem:src/main/resources/db/migration");
        lines.add("  lockstep snapshots list --set snapshot.directory=/var/lib/shop/snapshots --json");
        lines.add("");
        lines.add("Exit codes:");
        for (ExitStatus status : ExitStatus.values()) {
            lines.add("  " + status.code() + "  " + status.meaning());
        }
        lines.add("");
        lines.add("Each command's options and examples: lockstep <command> --help.");
        lines.add("Shell completion: source <(lockstep generate-completion)");
        return lines.toArray(String[]::new);
    }

    /**
     * A bad flag or argument: picocli's message and where to find help, exit code 2. A {@code --password} (or
     * {@code -p}) someone tried is never echoed, nor what followed it: that would print the password.
     */
    private static int usageError(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        PrintWriter err = command.getErr();
        if (e instanceof UnmatchedArgumentException && triedPassword(args)) {
            err.println("lockstep: there is no --password option: a command line can be read by every user of this"
                    + " machine (ps, /proc). Put the password in LOCKSTEP_PASSWORD, a --password-file, PGPASSWORD or"
                    + " ~/.pgpass.");
        } else {
            err.println("lockstep: " + e.getMessage());
            UnmatchedArgumentException.printSuggestions(e, err);
        }
        err.println("Run '" + command.getCommandSpec().qualifiedName() + " --help' for the options and examples.");
        err.flush();
        return ExitStatus.USAGE.code();
    }

    private static boolean triedPassword(String[] args) {
        for (String arg : args) {
            if ((arg.startsWith("--password") && !arg.startsWith("--password-file")) || arg.startsWith("-p")) {
                return true;
            }
        }
        return false;
    }
}
