package dev.lockstep;

/**
 * How bad a lint finding is. Rules whose danger grows with the table rate it by the table's size in the target
 * database: ERROR from {@code lint.large-table-rows} rows up, INFO below, WARN when the size is not known.
 */
public enum Severity {
    /** Worth knowing; harmless at this size. */
    INFO,
    /** Risky: read the safe alternative. */
    WARN,
    /** Will block or break the application on this table; {@code lint.policy=fail} refuses to migrate. */
    ERROR
}
