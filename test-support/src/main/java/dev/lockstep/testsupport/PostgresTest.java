package dev.lockstep.testsupport;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test class that runs against real PostgreSQL: its constructor, {@code @BeforeAll}, {@code @BeforeEach} and test
 * methods may declare a {@link TestDatabase} parameter, and all receive the same fresh database, dropped after the
 * class. {@code @Nested} classes share their outer class' database.
 *
 * <pre>{@code
 * @PostgresTest
 * class MigrateTest {
 *     private final TestDatabase db;
 *
 *     MigrateTest(TestDatabase db) {
 *         this.db = db;
 *     }
 * }
 * }</pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ExtendWith(PostgresExtension.class)
public @interface PostgresTest {}
