/**
 * A throwaway PostgreSQL for programs that are given no database (the samples, the benchmarks) and for the tests'
 * fixtures: {@link dev.lockstep.embedded.EmbeddedPostgres#shared()} is one real server per JVM, from
 * {@code LOCKSTEP_TEST_JDBC_URL}, a Testcontainers container, or a private cluster started from the locally installed
 * binaries, gone when the JVM exits; {@link dev.lockstep.embedded.EmbeddedDatabase} is a fresh database on it, owned
 * by a fresh non-superuser role. {@link dev.lockstep.embedded.process} starts replica JVMs against it.
 *
 * <p>Main-scope code may depend on this module: it brings the PostgreSQL driver and slf4j-api, no test framework and
 * no logging binding.
 */
@NullMarked
package dev.lockstep.embedded;

import org.jspecify.annotations.NullMarked;
