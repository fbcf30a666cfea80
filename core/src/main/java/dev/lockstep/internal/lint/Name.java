package dev.lockstep.internal.lint;

import org.jspecify.annotations.Nullable;

/**
 * A relation's name as a migration writes it: unquoted parts folded to lower case, quoted ones exact; the schema
 * when it is given.
 */
record Name(@Nullable String schema, String name) {

    /**
     * Whether both name the same relation, as far as the text tells: the same name, and the same schema when both
     * give one (a name without schema is taken to be in the schema the migration runs in).
     */
    boolean sameAs(Name other) {
        return name.equals(other.name) && (schema == null || other.schema == null || schema.equals(other.schema));
    }

    /** The name as SQL text PostgreSQL reads back exactly ({@code to_regclass}): each part quoted. */
    String quoted() {
        return (schema == null ? "" : quote(schema) + ".") + quote(name);
    }

    /** {@code orders}, {@code shop.orders}. */
    @Override
    public String toString() {
        return schema == null ? name : schema + "." + name;
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
