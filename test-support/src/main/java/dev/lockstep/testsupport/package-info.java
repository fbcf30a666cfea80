/**
 * The PostgreSQL fixture every Lockstep module tests against, and the harness for tests that need more than one JVM.
 *
 * <ul>
 *   <li>{@link dev.lockstep.testsupport.PostgresServer#shared()}: one real PostgreSQL per JVM, from
 *       {@code LOCKSTEP_TEST_JDBC_URL}, a Testcontainers container, or a private cluster started from the locally
 *       installed binaries; {@link dev.lockstep.testsupport.TestDatabase}: a fresh database owned by a fresh
 *       non-superuser role.</li>
 *   <li>{@link dev.lockstep.testsupport.PostgresTest @PostgresTest}: injects one fresh database per test class.</li>
 *   <li>{@link dev.lockstep.testsupport.JavaProcess} and {@link dev.lockstep.testsupport.StartSignal}: replicas as
 *       separate JVMs, released at the same moment.</li>
 *   <li>{@link dev.lockstep.testsupport.CapturingAppender}, {@link dev.lockstep.testsupport.CapturedLogs} and
 *       {@link dev.lockstep.testsupport.Secrets}: the proof that no password reaches a log line, an exception
 *       message or a child process' output.</li>
 *   <li>{@link dev.lockstep.testsupport.PgBouncer}: a transaction-pooling PgBouncer in front of a test database.</li>
 *   <li>{@link dev.lockstep.testsupport.ThrowawayPostgres}: the database the samples use when given none.</li>
 * </ul>
 */
@NullMarked
package dev.lockstep.testsupport;

import org.jspecify.annotations.NullMarked;
