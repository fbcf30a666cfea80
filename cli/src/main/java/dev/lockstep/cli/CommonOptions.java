package dev.lockstep.cli;

import picocli.CommandLine.Option;

/** Options every command has: output format and how much it logs. */
final class CommonOptions {

    @Option(names = "--json", order = 90,
            description = "Print the result as one JSON document on stdout (the same fields as the health endpoints).")
    boolean json;

    @Option(names = {"-v", "--verbose"}, order = 91, description = "Log what Lockstep and Flyway do (INFO) on stderr.")
    boolean verbose;

    @Option(names = "--debug", order = 92, description = "Log everything Lockstep does (DEBUG) on stderr.")
    boolean debug;

    @Option(names = "--no-color", order = 93,
            description = "No colours, even on a terminal (also when the NO_COLOR variable is set).")
    boolean noColor;

    Logging.Level logLevel() {
        return debug ? Logging.Level.DEBUG : verbose ? Logging.Level.VERBOSE : Logging.Level.QUIET;
    }
}
