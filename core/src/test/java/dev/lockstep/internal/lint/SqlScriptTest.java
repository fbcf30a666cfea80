package dev.lockstep.internal.lint;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Statements are split where PostgreSQL would split them, and nowhere else. */
class SqlScriptTest {

    private static List<String> texts(String sql) {
        return SqlScript.parse(sql).statements().stream().map(SqlStatement::text).toList();
    }

    @Test
    void semicolonsInCommentsDoNotSplitAndBlockCommentsNest() {
        assertThat(texts("-- one; two\nSELECT 1; /* a; /* nested; */ still comment; */ SELECT 2;"))
                .containsExactly("SELECT 1", "SELECT 2");
    }

    @Test
    void stringsHoldSemicolonsAndDoubledQuotes() {
        assertThat(texts("SELECT 'a;b', 'it''s;'; SELECT 2")).containsExactly("SELECT 'a;b', 'it''s;'", "SELECT 2");
    }

    @Test
    void anEscapeStringEscapesItsQuoteWithABackslash() {
        assertThat(texts("SELECT E'a\\';b'; SELECT 2")).containsExactly("SELECT E'a\\';b'", "SELECT 2");
    }

    /** With standard_conforming_strings on (the default) a backslash is a plain character; off, it escapes. */
    @Test
    void standardConformingStringsDecideWhatABackslashDoes() {
        String statements = "SELECT 'x\\' AS y; SELECT 'z';";
        assertThat(texts(statements)).containsExactly("SELECT 'x\\' AS y", "SELECT 'z'");
        assertThat(texts("SET standard_conforming_strings = off; " + statements))
                .containsExactly("SET standard_conforming_strings = off", "SELECT 'x\\' AS y; SELECT 'z';");
        assertThat(texts("SET standard_conforming_strings TO off; SET standard_conforming_strings = on; " + statements))
                .hasSize(4);
    }

    @Test
    void quotedIdentifiersHoldSemicolonsAndKeepTheirCase() {
        SqlScript script = SqlScript.parse("CREATE TABLE \"Odd;\"\"Name\" (x int); SELECT U&\"d\\0061t;a\" FROM t;");
        assertThat(script.statements()).hasSize(2);
        assertThat(script.statements().get(0).tokens().get(2)).isEqualTo(new Token(Token.Kind.QUOTED, "Odd;\"Name", 1));
    }

    @Test
    void dollarQuotedBodiesHoldSemicolonsAndOtherTags() {
        assertThat(texts("""
                CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1; $$;
                DO $body$ BEGIN EXECUTE $q$SELECT 1; SELECT 2$q$; PERFORM 'x;'; END $body$;
                PREPARE p AS SELECT $1::int; EXECUTE p(1);
                """)).hasSize(4).element(2).isEqualTo("PREPARE p AS SELECT $1::int");
    }

    @Test
    void aSqlStandardFunctionBodyIsOneStatement() {
        assertThat(texts("""
                CREATE FUNCTION f(x int) RETURNS int LANGUAGE sql
                BEGIN ATOMIC
                    SELECT 1;
                    SELECT CASE WHEN x > 0 THEN 1 ELSE 0 END;
                END;
                SELECT 2;
                """)).hasSize(2).last().isEqualTo("SELECT 2");
    }

    @Test
    void copyRowsBelongToTheirCopyStatement() {
        assertThat(texts("COPY t (a, b) FROM stdin;\n1\tx;y\n2\t'z\n\\.\nSELECT 1;\n"))
                .containsExactly("COPY t (a, b) FROM stdin", "SELECT 1");
    }

    @Test
    void statementsKnowTheirLineAndCommentsAreKept() {
        SqlScript script = SqlScript.parse("-- lockstep:allow drop-table done\n\nSELECT\n 1;\n/* two\nlines */ SELECT 'a\nb';"
                + " SELECT 3");
        assertThat(script.statements()).extracting(SqlStatement::line).containsExactly(3, 6, 7);
        assertThat(script.comments()).extracting(SqlScript.Comment::line).containsExactly(1, 5);
        assertThat(script.comments().get(0).text()).isEqualTo(" lockstep:allow drop-table done");
    }

    @Test
    void wordsAreFoldedToLowerCase() {
        SqlStatement statement = SqlScript.parse("CREATE INDEX Orders_Idx ON Shop.Orders (Status)").statements().get(0);
        assertThat(statement.startsWith("create", "index")).isTrue();
        assertThat(statement.tokens()).extracting(Token::text).startsWith("create", "index", "orders_idx", "on", "shop");
    }
}
