package dev.lockstep.internal.lint;

import java.util.List;

/**
 * One statement of a SQL migration: its text as written (without the closing semicolon), the line it starts on,
 * and its tokens.
 */
record SqlStatement(String text, int line, List<Token> tokens) {

    SqlStatement {
        tokens = List.copyOf(tokens);
    }

    /** Whether the statement starts with these words. */
    boolean startsWith(String... words) {
        if (tokens.size() < words.length) {
            return false;
        }
        for (int i = 0; i < words.length; i++) {
            if (!tokens.get(i).isWord(words[i])) {
                return false;
            }
        }
        return true;
    }

    /** Whether a word appears anywhere, outside strings and quoted names. */
    boolean hasWord(String word) {
        return tokens.stream().anyMatch(token -> token.isWord(word));
    }

    Cursor cursor() {
        return new Cursor(tokens);
    }
}
