package dev.lockstep.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * Runs two small {@code @PostgresTest} classes (one with a {@code @Nested} class) on the JUnit engine and checks what
 * each injection point received. The sample classes are static nested classes, which surefire does not run itself.
 */
class PostgresExtensionTest {
    /** Injection point ("First.constructor", ...) to the database name it received. */
    private static final Map<String, List<String>> SEEN = new ConcurrentHashMap<>();

    @Test
    void eachTestClassGetsItsOwnFreshDatabaseSharedByItsNestedClassesAndDroppedAfterIt() {
        EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(First.class), selectClass(Second.class))
                .execute()
                .testEvents()
                .assertStatistics(stats -> stats.started(4).succeeded(4).failed(0));

        String first = single("First.constructor");
        String second = single("Second.constructor");
        assertThat(first).startsWith("first_");
        assertThat(second).startsWith("second_").isNotEqualTo(first);
        assertThat(SEEN.get("First.beforeAll")).containsOnly(first);
        assertThat(SEEN.get("First.beforeEach")).as("the outer class' @BeforeEach runs for the nested test too")
                .hasSize(3).containsOnly(first);
        assertThat(SEEN.get("First.test")).hasSize(2).containsOnly(first);
        assertThat(SEEN.get("First.Inner.test")).containsExactly(first);
        assertThat(SEEN.get("Second.test")).containsExactly(second);
        assertThat(SEEN.get("First.rows")).as("the table First's first test created was there for its second")
                .containsExactly("1");
        assertThat(databasesNamed(first, second)).as("dropped after their class").isZero();
    }

    /** The one database name every call of that injection point received. */
    private static String single(String key) {
        assertThat(SEEN.get(key)).as(key).isNotEmpty();
        assertThat(SEEN.get(key).stream().distinct()).as(key).hasSize(1);
        return SEEN.get(key).get(0);
    }

    private static void seen(String key, TestDatabase db) {
        SEEN.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>()).add(db.name());
    }

    private static long databasesNamed(String... names) {
        // pg_database is readable by every role.
        try (TestDatabase observer = TestDatabase.create("observer")) {
            return observer.queryLong("SELECT count(*) FROM pg_database WHERE datname IN ('"
                    + String.join("', '", names) + "')");
        }
    }

    @PostgresTest
    @TestMethodOrder(MethodOrderer.MethodName.class)
    static class First {
        private final TestDatabase db;

        First(TestDatabase db) {
            this.db = db;
            seen("First.constructor", db);
        }

        @BeforeAll
        static void beforeAll(TestDatabase db) {
            seen("First.beforeAll", db);
            db.execute("CREATE TABLE marks (id int)");
        }

        @BeforeEach
        void beforeEach(TestDatabase db) {
            seen("First.beforeEach", db);
        }

        @Test
        void one(TestDatabase db) {
            seen("First.test", db);
            assertThat(db).isSameAs(this.db);
            db.execute("INSERT INTO marks VALUES (1)");
        }

        @Test
        void two(TestDatabase db) {
            seen("First.test", db);
            SEEN.computeIfAbsent("First.rows", k -> new CopyOnWriteArrayList<>())
                    .add(Long.toString(db.queryLong("SELECT count(*) FROM marks")));
        }

        @Nested
        class Inner {
            @Test
            void sharesTheOuterDatabase(TestDatabase db) {
                seen("First.Inner.test", db);
                assertThat(db).isSameAs(First.this.db);
            }
        }
    }

    @PostgresTest
    static class Second {
        Second(TestDatabase db) {
            seen("Second.constructor", db);
        }

        @Test
        void own(TestDatabase db) {
            seen("Second.test", db);
            assertThat(db.queryLong("SELECT count(*) FROM pg_tables WHERE tablename = 'marks'")).isZero();
        }
    }
}
