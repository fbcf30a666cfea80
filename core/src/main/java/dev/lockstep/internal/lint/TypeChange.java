package dev.lockstep.internal.lint;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Whether {@code ALTER COLUMN ... TYPE} rewrites the table, from the column's type in the target: PostgreSQL skips the
 * rewrite when the new type only widens the old one (a longer or unlimited {@code varchar}, {@code varchar} to
 * {@code text}, more precision at the same numeric scale, {@code cidr} to {@code inet}). Anything else is taken to
 * rewrite; the trace tells for sure.
 */
final class TypeChange {
    private static final Pattern SIZED = Pattern.compile("([a-z ]+?)\\s*(?:\\((\\d+)(?:\\s*,\\s*(\\d+))?\\))?");
    private static final Map<String, String> ALIASES = Map.ofEntries(Map.entry("varchar", "character varying"),
            Map.entry("char", "character"), Map.entry("bpchar", "character"), Map.entry("int", "integer"),
            Map.entry("int4", "integer"), Map.entry("int8", "bigint"), Map.entry("int2", "smallint"),
            Map.entry("decimal", "numeric"), Map.entry("varbit", "bit varying"), Map.entry("float8", "double precision"),
            Map.entry("float4", "real"), Map.entry("bool", "boolean"), Map.entry("timestamptz",
                    "timestamp with time zone"), Map.entry("timestamp", "timestamp without time zone"),
            Map.entry("timetz", "time with time zone"), Map.entry("time", "time without time zone"));

    private TypeChange() {}

    /** The new type as written after {@code TYPE}, up to {@code USING} or {@code COLLATE}: {@code varchar(100)}. */
    static String typeText(List<Token> rest) {
        StringBuilder text = new StringBuilder();
        for (Token token : rest) {
            if (token.isWord("using") || token.isWord("collate")) {
                break;
            }
            boolean tight = token.isSymbol("(") || token.isSymbol(")") || token.isSymbol(",")
                    || token.isSymbol("[") || token.isSymbol("]") || token.isSymbol(".") || text.length() == 0
                    || text.charAt(text.length() - 1) == '(' || text.charAt(text.length() - 1) == '.';
            text.append(tight ? "" : " ").append(token.text());
        }
        return text.toString();
    }

    /** Whether changing a column of type {@code oldType} (as the catalog writes it) to {@code newType} rewrites. */
    static boolean rewrites(String oldType, String newType) {
        Sized from = sized(oldType);
        Sized to = sized(newType);
        if (from == null || to == null) {
            return true;
        }
        if (from.equals(to)) {
            return false;
        }
        boolean textual = to.base.equals("text") || to.base.equals("character varying");
        if ((from.base.equals("character varying") || from.base.equals("text")) && textual) {
            return to.base.equals("character varying") && to.length >= 0
                    && (from.length < 0 || to.length < from.length);
        }
        if (from.base.equals("bit varying") && to.base.equals("bit varying")) {
            return to.length >= 0 && (from.length < 0 || to.length < from.length);
        }
        if (from.base.equals("numeric") && to.base.equals("numeric")) {
            return to.length >= 0 && (from.length < 0 || to.length < from.length || to.scale != from.scale);
        }
        return !(from.base.equals("cidr") && to.base.equals("inet"));
    }

    /** A type's base name (aliases resolved) and its length or precision and scale; -1 when it has none. */
    private record Sized(String base, int length, int scale) {}

    private static @Nullable Sized sized(String type) {
        Matcher matcher = SIZED.matcher(type.trim().toLowerCase(Locale.ROOT));
        if (!matcher.matches()) {
            return null;
        }
        String base = matcher.group(1).trim();
        base = ALIASES.getOrDefault(base, base);
        int length = matcher.group(2) == null ? -1 : Integer.parseInt(matcher.group(2));
        int scale = matcher.group(3) == null ? (base.equals("numeric") && length >= 0 ? 0 : -1)
                : Integer.parseInt(matcher.group(3));
        return new Sized(base, length, scale);
    }
}
