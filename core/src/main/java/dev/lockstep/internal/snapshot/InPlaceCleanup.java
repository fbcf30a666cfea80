package dev.lockstep.internal.snapshot;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What an in-place restore must drop before {@code pg_restore --clean}: {@code --clean} drops and recreates the
 * objects the archive holds, but an object created after the snapshot (a table a failed migration created) would
 * survive it, and the next run's {@code CREATE TABLE} would fail on it. Schemas, tables, views, sequences and types
 * that exist now but not in the archive's table of contents are dropped first, in the same transaction as the
 * restore. Functions are left alone: migrations usually {@code CREATE OR REPLACE} them, and so are sequences of
 * identity and serial columns, which go with their tables.
 */
final class InPlaceCleanup {
    private static final String USER_OBJECTS = " NOT IN ('pg_catalog', 'information_schema', 'pg_toast')"
            + " AND n.nspname NOT LIKE 'pg\\_temp\\_%' AND n.nspname NOT LIKE 'pg\\_toast\\_temp\\_%'";

    private InPlaceCleanup() {}

    /** The entries {@code pg_restore --list} printed, as {@code TYPE schema name} keys. */
    static Set<String> archived(String toc) {
        Set<String> keys = new HashSet<>();
        for (String line : toc.lines().toList()) {
            int semicolon = line.indexOf(';');
            if (line.startsWith(";") || semicolon < 0) {
                continue;
            }
            // "<id>; <catalog oid> <oid> <TYPE> <schema> <name> <owner>"; TYPE may be two words
            String[] parts = line.substring(semicolon + 1).trim().split(" ", 3);
            if (parts.length < 3) {
                continue;
            }
            String rest = parts[2];
            for (String type : List.of("MATERIALIZED VIEW", "FOREIGN TABLE", "TABLE", "VIEW", "SEQUENCE", "TYPE",
                    "DOMAIN", "SCHEMA")) {
                if (rest.startsWith(type + " ")) {
                    String[] names = rest.substring(type.length() + 1).split(" ");
                    if (type.equals("SCHEMA") && names.length >= 3) {
                        keys.add("SCHEMA " + names[1]); // "SCHEMA - <name> <owner>"
                    } else if (names.length >= 3) {
                        keys.add(type + " " + names[0] + " " + names[1]);
                    }
                    break;
                }
            }
        }
        return keys;
    }

    /** DROP statements for what exists in the database now and not in {@code archived}. */
    static List<String> drops(Connection connection, Set<String> archived) throws SQLException {
        List<String> drops = new ArrayList<>();
        try (Statement statement = connection.createStatement()) {
            try (ResultSet rows = statement.executeQuery("SELECT n.nspname FROM pg_namespace n WHERE n.nspname"
                    + USER_OBJECTS + " AND n.nspname <> 'public' AND NOT " + extensionMember("pg_namespace", "n"))) {
                while (rows.next()) {
                    if (!archived.contains("SCHEMA " + rows.getString(1))) {
                        drops.add("DROP SCHEMA IF EXISTS " + quote(rows.getString(1)) + " CASCADE");
                    }
                }
            }
            try (ResultSet rows = statement.executeQuery("SELECT n.nspname, c.relname, c.relkind FROM pg_class c"
                    + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')"
                    + " AND n.nspname" + USER_OBJECTS + " AND NOT " + extensionMember("pg_class", "c")
                    + " AND NOT " + ownedSequence("c"))) {
                while (rows.next()) {
                    String type = switch (rows.getString(3)) {
                        case "v" -> "VIEW";
                        case "m" -> "MATERIALIZED VIEW";
                        case "S" -> "SEQUENCE";
                        case "f" -> "FOREIGN TABLE";
                        default -> "TABLE";
                    };
                    if (!archived.contains(type + " " + rows.getString(1) + " " + rows.getString(2))) {
                        drops.add("DROP " + type + " IF EXISTS " + quote(rows.getString(1)) + "." + quote(rows.getString(2))
                                + " CASCADE");
                    }
                }
            }
            try (ResultSet rows = statement.executeQuery("SELECT n.nspname, t.typname, t.typtype FROM pg_type t"
                    + " JOIN pg_namespace n ON n.oid = t.typnamespace WHERE t.typtype IN ('e', 'd', 'r', 'm')"
                    + " AND n.nspname" + USER_OBJECTS + " AND NOT " + extensionMember("pg_type", "t"))) {
                while (rows.next()) {
                    String type = rows.getString(3).equals("d") ? "DOMAIN" : "TYPE";
                    if (!archived.contains(type + " " + rows.getString(1) + " " + rows.getString(2))) {
                        drops.add("DROP " + type + " IF EXISTS " + quote(rows.getString(1)) + "." + quote(rows.getString(2))
                                + " CASCADE");
                    }
                }
            }
        }
        return drops;
    }

    private static String extensionMember(String catalog, String alias) {
        return "EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = '" + catalog + "'::regclass AND d.objid = "
                + alias + ".oid AND d.deptype = 'e')";
    }

    /**
     * A sequence that belongs to a column (identity, serial): it goes with its table, and dropping it alone fails
     * ("cannot drop sequence ... because column ... requires it").
     */
    private static String ownedSequence(String alias) {
        return "EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = " + alias
                + ".oid AND d.refclassid = 'pg_class'::regclass AND d.refobjsubid > 0 AND d.deptype IN ('a', 'i'))";
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
