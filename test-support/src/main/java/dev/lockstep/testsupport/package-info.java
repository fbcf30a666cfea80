/**
 * The test-only fixtures every Lockstep module tests with; modules depend on this one in test scope only. The
 * PostgreSQL underneath, and the replica JVMs of multi-process tests ({@code dev.lockstep.embedded.process}), come
 * from {@code lockstep-embedded-postgres}.
 *
 * <ul>
 *   <li>{@link dev.lockstep.testsupport.PostgresTest @PostgresTest}: injects one fresh
 *       {@link dev.lockstep.testsupport.TestDatabase} per test class, owned by a fresh non-superuser role, on the one
 *       real PostgreSQL of the JVM ({@code LOCKSTEP_TEST_JDBC_URL}, a Testcontainers container, or a private cluster
 *       started from the locally installed binaries).</li>
 *   <li>{@link dev.lockstep.testsupport.CapturingAppender}, {@link dev.lockstep.testsupport.CapturedLogs} and
 *       {@link dev.lockstep.testsupport.Secrets}: the proof that no password reaches a log line, an exception
 *       message or a child process' output.</li>
 *   <li>{@link dev.lockstep.testsupport.PgBouncer}: a transaction-pooling PgBouncer in front of a test database.</li>
 * </ul>
 */
@NullMarked
package dev.lockstep.testsupport;

import org.jspecify.annotations.NullMarked;
