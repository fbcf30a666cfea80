package dev.lockstep.internal.lint;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** Walks the tokens of one statement, for the rules that read its structure. */
final class Cursor {
    private final List<Token> tokens;
    private int index;

    Cursor(List<Token> tokens) {
        this.tokens = tokens;
    }

    private Cursor(List<Token> tokens, int index) {
        this.tokens = tokens;
        this.index = index;
    }

    boolean atEnd() {
        return index >= tokens.size();
    }

    Token next() {
        return tokens.get(index++);
    }


    /** Whether the next tokens are these words. */
    boolean at(String... words) {
        for (int i = 0; i < words.length; i++) {
            if (index + i >= tokens.size() || !tokens.get(index + i).isWord(words[i])) {
                return false;
            }
        }
        return true;
    }

    /** Moves past these words when they come next. */
    boolean accept(String... words) {
        if (!at(words)) {
            return false;
        }
        index += words.length;
        return true;
    }

    boolean atSymbol(String symbol) {
        return !atEnd() && tokens.get(index).isSymbol(symbol);
    }

    boolean acceptSymbol(String symbol) {
        if (!atSymbol(symbol)) {
            return false;
        }
        index++;
        return true;
    }

    /** A possibly qualified name ({@code orders}, {@code shop.orders}, {@code "Shop"."Orders"}); null when none is next. */
    @Nullable Name name() {
        if (atEnd() || !tokens.get(index).isIdentifier()) {
            return null;
        }
        Token first = next();
        if (atSymbol(".") && index + 1 < tokens.size() && tokens.get(index + 1).isIdentifier()) {
            index++;
            Token second = next();
            if (atSymbol(".") && index + 1 < tokens.size() && tokens.get(index + 1).isIdentifier()) {
                index++;
                Token third = next(); // database.schema.table: the database is the current one
                return new Name(second.text(), third.text());
            }
            return new Name(first.text(), second.text());
        }
        return new Name(null, first.text());
    }

    /** Skips a parenthesised group, nested ones included, when one comes next. */
    void skipGroup() {
        if (!atSymbol("(")) {
            return;
        }
        int depth = 0;
        while (!atEnd()) {
            Token token = next();
            if (token.isSymbol("(")) {
                depth++;
            } else if (token.isSymbol(")") && --depth == 0) {
                return;
            }
        }
    }

    /**
     * The tokens up to the next comma outside parentheses (or the end), as a cursor of their own; this cursor moves
     * past the comma. ALTER TABLE's actions are separated this way.
     */
    Cursor untilComma() {
        int begin = index;
        int depth = 0;
        while (!atEnd()) {
            Token token = tokens.get(index);
            if (token.isSymbol("(")) {
                depth++;
            } else if (token.isSymbol(")")) {
                depth--;
            } else if (token.isSymbol(",") && depth == 0) {
                break;
            }
            index++;
        }
        Cursor part = new Cursor(tokens.subList(begin, index), 0);
        acceptSymbol(",");
        return part;
    }

    /** The remaining tokens. */
    List<Token> rest() {
        return tokens.subList(Math.min(index, tokens.size()), tokens.size());
    }


    /** Whether the remaining tokens hold these words one after the other, at any depth. */
    boolean restHas(String... words) {
        List<Token> rest = rest();
        for (int i = 0; i + words.length <= rest.size(); i++) {
            boolean all = true;
            for (int j = 0; j < words.length && all; j++) {
                all = rest.get(i + j).isWord(words[j]);
            }
            if (all) {
                return true;
            }
        }
        return false;
    }

    int line() {
        return atEnd() ? (tokens.isEmpty() ? 0 : tokens.get(tokens.size() - 1).line()) : tokens.get(index).line();
    }
}
