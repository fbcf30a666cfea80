package dev.lockstep.cli;

/**
 * The CLI's logging: SLF4J's simple binding, writing to stderr only (stdout is for results), quiet by default.
 * It reads its configuration once, when the first logger is made: {@link #configure} runs before anything logs.
 */
final class Logging {

    /** How much is logged. */
    enum Level {
        /** Warnings and errors only. */
        QUIET,
        /** Lockstep's and Flyway's lifecycle lines (INFO). */
        VERBOSE,
        /** Lockstep at DEBUG, everything else at INFO. */
        DEBUG
    }

    private Logging() {}

    static void configure(Level level) {
        set("org.slf4j.simpleLogger.logFile", "System.err");
        set("org.slf4j.simpleLogger.defaultLogLevel", level == Level.QUIET ? "warn" : "info");
        if (level == Level.DEBUG) {
            set("org.slf4j.simpleLogger.log.dev.lockstep", "debug");
        }
        set("org.slf4j.simpleLogger.showDateTime", "true");
        set("org.slf4j.simpleLogger.dateTimeFormat", "HH:mm:ss.SSS");
        set("org.slf4j.simpleLogger.showThreadName", "false");
        set("org.slf4j.simpleLogger.showShortLogName", "true");
    }

    /** A setting given with -D (through JAVA_OPTS) wins. */
    private static void set(String property, String value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, value);
        }
    }
}
