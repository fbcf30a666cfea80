package dev.lockstep.internal.lint;

import dev.lockstep.internal.lint.Token.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * A SQL migration split into statements the way PostgreSQL reads it: semicolons inside comments (nested block comments
 * too), quoted identifiers, strings ({@code E'...'} with backslash escapes, and plain strings with them when the script
 * turns {@code standard_conforming_strings} off), dollar-quoted bodies and SQL-standard {@code BEGIN ATOMIC} function
 * bodies do not end a statement; the rows after {@code COPY ... FROM STDIN} up to {@code \.} belong to it. Comments
 * are kept apart, with their lines, for the suppression comments.
 */
final class SqlScript {

    /** A comment's text without its markers, and the line it starts on. */
    record Comment(String text, int line) {}

    private final List<SqlStatement> statements;
    private final List<Comment> comments;

    private SqlScript(List<SqlStatement> statements, List<Comment> comments) {
        this.statements = List.copyOf(statements);
        this.comments = List.copyOf(comments);
    }

    static SqlScript parse(String sql) {
        return new Lexer(sql).run();
    }

    List<SqlStatement> statements() {
        return statements;
    }

    List<Comment> comments() {
        return comments;
    }

    private static final class Lexer {
        private final String sql;
        private final List<SqlStatement> statements = new ArrayList<>();
        private final List<Comment> comments = new ArrayList<>();
        private List<Token> tokens = new ArrayList<>();
        private int pos;
        private int line = 1;
        private int start = -1;
        private int startLine;
        private int atomicDepth;
        private boolean standardStrings = true;

        Lexer(String sql) {
            this.sql = sql;
        }

        SqlScript run() {
            while (pos < sql.length()) {
                char c = sql.charAt(pos);
                if (c == '\n') {
                    line++;
                    pos++;
                } else if (Character.isWhitespace(c)) {
                    pos++;
                } else if (c == '-' && peek(1) == '-') {
                    lineComment();
                } else if (c == '/' && peek(1) == '*') {
                    blockComment();
                } else if (c == ';' && atomicDepth == 0) {
                    SqlStatement ended = endStatement(pos);
                    pos++;
                    if (ended != null && isCopyFromStdin(ended)) {
                        skipCopyData();
                    }
                } else {
                    if (start < 0) {
                        start = pos;
                        startLine = line;
                    }
                    token(c);
                }
            }
            endStatement(sql.length());
            return new SqlScript(statements, comments);
        }

        private void token(char c) {
            int tokenLine = line;
            if (c == '\'') {
                string(tokenLine, !standardStrings);
            } else if ((c == 'e' || c == 'E') && peek(1) == '\'') {
                pos++;
                string(tokenLine, true);
            } else if ("bBxXnN".indexOf(c) >= 0 && peek(1) == '\'') {
                pos++;
                string(tokenLine, !standardStrings);
            } else if ((c == 'u' || c == 'U') && peek(1) == '&' && (peek(2) == '\'' || peek(2) == '"')) {
                pos += 2;
                if (sql.charAt(pos) == '\'') {
                    string(tokenLine, false);
                } else {
                    quotedIdentifier(tokenLine);
                }
            } else if (c == '"') {
                quotedIdentifier(tokenLine);
            } else if (c == '$') {
                dollar(tokenLine);
            } else if (isIdentifierStart(c)) {
                word(tokenLine);
            } else if (Character.isDigit(c) || (c == '.' && Character.isDigit(peek(1)))) {
                number(tokenLine);
            } else if (c == ':' && peek(1) == ':') {
                add(Kind.SYMBOL, "::", tokenLine);
                pos += 2;
            } else {
                add(Kind.SYMBOL, String.valueOf(c), tokenLine);
                pos++;
            }
        }

        private void lineComment() {
            int end = sql.indexOf('\n', pos);
            end = end < 0 ? sql.length() : end;
            comments.add(new Comment(sql.substring(pos + 2, end), line));
            pos = end;
        }

        /** PostgreSQL's block comments nest: {@code /* a /* b *}{@code / c *}{@code /} is one comment. */
        private void blockComment() {
            int commentLine = line;
            int begin = pos + 2;
            int depth = 0;
            while (pos < sql.length()) {
                if (sql.startsWith("/*", pos)) {
                    depth++;
                    pos += 2;
                } else if (sql.startsWith("*/", pos)) {
                    depth--;
                    pos += 2;
                    if (depth == 0) {
                        comments.add(new Comment(sql.substring(begin, pos - 2), commentLine));
                        return;
                    }
                } else {
                    countLine(sql.charAt(pos));
                    pos++;
                }
            }
            comments.add(new Comment(sql.substring(begin), commentLine)); // unterminated: PostgreSQL would refuse it
        }

        /** At an opening quote; {@code backslashes} when a backslash escapes the next character. */
        private void string(int tokenLine, boolean backslashes) {
            pos++;
            StringBuilder content = new StringBuilder();
            while (pos < sql.length()) {
                char c = sql.charAt(pos);
                if (backslashes && c == '\\' && pos + 1 < sql.length()) {
                    content.append(c).append(sql.charAt(pos + 1));
                    countLine(sql.charAt(pos + 1));
                    pos += 2;
                } else if (c == '\'' && peek(1) == '\'') {
                    content.append('\'');
                    pos += 2;
                } else if (c == '\'') {
                    pos++;
                    break;
                } else {
                    countLine(c);
                    content.append(c);
                    pos++;
                }
            }
            add(Kind.STRING, content.toString(), tokenLine);
        }

        private void quotedIdentifier(int tokenLine) {
            pos++;
            StringBuilder name = new StringBuilder();
            while (pos < sql.length()) {
                char c = sql.charAt(pos);
                if (c == '"' && peek(1) == '"') {
                    name.append('"');
                    pos += 2;
                } else if (c == '"') {
                    pos++;
                    break;
                } else {
                    countLine(c);
                    name.append(c);
                    pos++;
                }
            }
            add(Kind.QUOTED, name.toString(), tokenLine);
        }

        /** {@code $1}, or a dollar-quoted string {@code $$...$$} / {@code $tag$...$tag$}, or a lone {@code $}. */
        private void dollar(int tokenLine) {
            if (Character.isDigit(peek(1))) {
                int end = pos + 1;
                while (end < sql.length() && Character.isDigit(sql.charAt(end))) {
                    end++;
                }
                add(Kind.PARAMETER, sql.substring(pos, end), tokenLine);
                pos = end;
                return;
            }
            int end = pos + 1;
            if (end < sql.length() && isIdentifierStart(sql.charAt(end))) {
                while (end < sql.length() && isTagPart(sql.charAt(end))) {
                    end++;
                }
            }
            if (end >= sql.length() || sql.charAt(end) != '$') {
                add(Kind.SYMBOL, "$", tokenLine);
                pos++;
                return;
            }
            String delimiter = sql.substring(pos, end + 1);
            int close = sql.indexOf(delimiter, end + 1);
            int bodyEnd = close < 0 ? sql.length() : close;
            String body = sql.substring(end + 1, bodyEnd);
            body.chars().filter(ch -> ch == '\n').forEach(ch -> line++);
            add(Kind.STRING, body, tokenLine);
            pos = close < 0 ? sql.length() : close + delimiter.length();
        }

        private void word(int tokenLine) {
            int end = pos + 1;
            while (end < sql.length() && isIdentifierPart(sql.charAt(end))) {
                end++;
            }
            String word = sql.substring(pos, end).toLowerCase(Locale.ROOT);
            pos = end;
            trackAtomicBody(word);
            add(Kind.WORD, word, tokenLine);
        }

        /**
         * A SQL-standard function body ({@code BEGIN ATOMIC ...; ...; END}) holds semicolons; CASE ... END may nest
         * in it.
         */
        private void trackAtomicBody(String word) {
            if (atomicDepth > 0) {
                if (word.equals("case")) {
                    atomicDepth++;
                } else if (word.equals("end")) {
                    atomicDepth--;
                }
            } else if (word.equals("atomic") && !tokens.isEmpty() && tokens.get(tokens.size() - 1).isWord("begin")
                    && isRoutine()) {
                atomicDepth = 1;
            }
        }

        private boolean isRoutine() {
            return tokens.stream().limit(6).anyMatch(token -> token.isWord("function") || token.isWord("procedure"))
                    && !tokens.isEmpty() && tokens.get(0).isWord("create");
        }

        private void number(int tokenLine) {
            int end = pos;
            while (end < sql.length() && (Character.isLetterOrDigit(sql.charAt(end)) || sql.charAt(end) == '.'
                    || sql.charAt(end) == '_')) {
                end++;
            }
            add(Kind.NUMBER, sql.substring(pos, end), tokenLine);
            pos = end;
        }

        private void add(Kind kind, String text, int tokenLine) {
            tokens.add(new Token(kind, text, tokenLine));
        }

        private @Nullable SqlStatement endStatement(int end) {
            SqlStatement statement = null;
            if (!tokens.isEmpty()) {
                statement = new SqlStatement(sql.substring(start, end).strip(), startLine, tokens);
                statements.add(statement);
                followStandardStrings(statement);
            }
            tokens = new ArrayList<>();
            start = -1;
            atomicDepth = 0;
            return statement;
        }

        /** {@code SET [SESSION|LOCAL] standard_conforming_strings = off} changes how the next strings are read. */
        private void followStandardStrings(SqlStatement statement) {
            Cursor cursor = statement.cursor();
            if (!cursor.accept("set")) {
                return;
            }
            cursor.accept("session");
            cursor.accept("local");
            if (cursor.accept("standard_conforming_strings")) {
                cursor.acceptSymbol("=");
                cursor.accept("to");
                String value = cursor.atEnd() ? "" : cursor.next().text().toLowerCase(Locale.ROOT);
                if (value.equals("off") || value.equals("false")) {
                    standardStrings = false;
                } else if (value.equals("on") || value.equals("true") || value.equals("default")) {
                    standardStrings = true;
                }
            }
        }

        private static boolean isCopyFromStdin(SqlStatement statement) {
            List<Token> tokens = statement.tokens();
            if (!statement.startsWith("copy")) {
                return false;
            }
            for (int i = 0; i + 1 < tokens.size(); i++) {
                if (tokens.get(i).isWord("from") && tokens.get(i + 1).isWord("stdin")) {
                    return true;
                }
            }
            return false;
        }

        /** The rows of {@code COPY ... FROM STDIN}: from the next line up to a line holding only {@code \.}. */
        private void skipCopyData() {
            int lineEnd = sql.indexOf('\n', pos);
            if (lineEnd < 0) {
                pos = sql.length();
                return;
            }
            pos = lineEnd + 1;
            line++;
            while (pos < sql.length()) {
                int end = sql.indexOf('\n', pos);
                String row = sql.substring(pos, end < 0 ? sql.length() : end);
                pos = end < 0 ? sql.length() : end + 1;
                line++;
                if (row.strip().equals("\\.")) {
                    return;
                }
            }
        }

        private void countLine(char c) {
            if (c == '\n') {
                line++;
            }
        }

        private char peek(int ahead) {
            return pos + ahead < sql.length() ? sql.charAt(pos + ahead) : '\0';
        }

        private static boolean isIdentifierStart(char c) {
            return Character.isLetter(c) || c == '_' || c >= 0x80;
        }

        private static boolean isIdentifierPart(char c) {
            return isIdentifierStart(c) || Character.isDigit(c) || c == '$';
        }

        private static boolean isTagPart(char c) {
            return isIdentifierStart(c) || Character.isDigit(c);
        }
    }
}
