package dev.lockstep.cli;

import dev.lockstep.ErrorCode;
import dev.lockstep.InvalidSettingException;
import dev.lockstep.LockstepException;
import dev.lockstep.LockstepSettings;
import dev.lockstep.Setting;
import dev.lockstep.Views;
import java.io.PrintStream;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Help.Ansi.IStyle;
import picocli.CommandLine.Help.Ansi.Style;

/**
 * Where a command's results and failures go: results on stdout (text for people, or one JSON document with
 * {@code --json}), failures and warnings on stderr. Colour only when stdout is a terminal and not switched off.
 */
final class Output {
    private final PrintStream out;
    private final PrintStream err;
    private final boolean json;
    private final boolean color;
    private final boolean progress;

    Output(PrintStream out, PrintStream err, CommonOptions options, Map<String, String> environment) {
        this.out = out;
        this.err = err;
        this.json = options.json;
        String noColor = environment.get("NO_COLOR");
        this.color = Terminal.stdout() && !options.noColor && (noColor == null || noColor.isEmpty());
        // A progress line and log lines on the same terminal would overwrite each other.
        this.progress = Terminal.stderr() && options.logLevel() == Logging.Level.QUIET;
    }

    boolean json() {
        return json;
    }

    /** Prints one of the core's views (or a map of them) as the command's JSON document. */
    void json(Map<String, ?> view) {
        out.println(Views.json(view));
        out.flush();
    }

    /** Prints text for people on stdout. */
    void text(String text) {
        out.print(text.endsWith("\n") ? text : text + "\n");
        out.flush();
    }

    PrintStream err() {
        return err;
    }

    /** Whether to show a progress line on stderr: a terminal, and no log lines going there. */
    boolean progress() {
        return progress;
    }

    void warn(String message) {
        err.println("lockstep: warning: " + message);
        err.flush();
    }

    /** Tells a failure: the message on stderr and, with {@code --json}, its view on stdout. */
    void failure(Throwable failure) {
        if (json) {
            json(Views.failure(failure));
        }
        if (failure instanceof LockstepException lockstep) {
            err.println(styled("lockstep: " + lockstep.code() + ": ", Style.bold, Style.fg_red)
                    + Views.redacted(lockstep.getMessage()));
            hint(lockstep).ifPresent(hint -> err.println("lockstep: " + hint));
        } else {
            err.println(styled("lockstep: unexpected error: ", Style.bold, Style.fg_red) + failure.getClass().getName()
                    + ": " + Views.redacted(failure.getMessage()) + " (run again with --debug for the stack trace)");
        }
        err.flush();
    }

    /** The text in the given styles when colours are on. */
    String styled(String text, IStyle... styles) {
        // Reset rather than each style's "off": picocli's bold-off (21) is double underline on some terminals.
        return color ? Style.on(styles) + text + Style.reset.on() : text;
    }

    /** The CLI's own words where the core's message speaks of an application's configuration. */
    private static Optional<String> hint(LockstepException failure) {
        if (failure instanceof InvalidSettingException invalid) {
            Optional<Setting<?>> setting = LockstepSettings.all().stream()
                    .filter(candidate -> candidate.key().equals(invalid.key())).findFirst();
            return Optional.of(setting.map(known -> "set it with --set " + known.key() + "=<value> or "
                    + known.environmentName() + "; ").orElse("") + "every key: docs/configuration.md");
        }
        if (failure.code() == ErrorCode.AUTHENTICATION_FAILED) {
            return Optional.of("the CLI takes the password from --password-file, " + ConnectionOptions.PASSWORD_VARIABLE
                    + ", PGPASSWORD or ~/.pgpass (PGPASSFILE), in that order; the user from --user or "
                    + ConnectionOptions.USER_VARIABLE);
        }
        return Optional.empty();
    }
}
