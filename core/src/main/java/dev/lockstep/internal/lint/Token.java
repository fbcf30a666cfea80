package dev.lockstep.internal.lint;

/**
 * One token of a SQL statement, comments left out. {@code text} is what rules compare: a keyword or unquoted
 * identifier in lower case (as PostgreSQL folds it), a quoted identifier without its quotes, a string's content, or
 * the symbol itself.
 */
record Token(Kind kind, String text, int line) {

    enum Kind {
        /** A keyword or an unquoted identifier, folded to lower case. */
        WORD,
        /** A double-quoted identifier, as written between the quotes. */
        QUOTED,
        /** A string constant: {@code '...'}, {@code E'...'}, {@code $tag$...$tag$}; its content, escapes left as written. */
        STRING,
        NUMBER,
        /** A positional parameter such as {@code $1}. */
        PARAMETER,
        /** Punctuation and operators: {@code ( ) , ; . = ::} and the like. */
        SYMBOL
    }

    boolean isWord(String word) {
        return kind == Kind.WORD && text.equals(word);
    }

    boolean isSymbol(String symbol) {
        return kind == Kind.SYMBOL && text.equals(symbol);
    }

    /** A name of something: an identifier, quoted or not. */
    boolean isIdentifier() {
        return kind == Kind.WORD || kind == Kind.QUOTED;
    }
}
