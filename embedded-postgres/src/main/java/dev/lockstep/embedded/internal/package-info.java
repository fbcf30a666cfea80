/**
 * How the throwaway servers' programs run: short commands and their output, the {@code postgres} OS user when this
 * JVM is root, private directories, free ports, and the watchdog that cleans up after a killed JVM.
 *
 * <p>Public only so that Lockstep's own test fixtures (the PgBouncer of {@code lockstep-test-support}) run their
 * servers the same way; not an API, and it may change in any release.
 */
@NullMarked
package dev.lockstep.embedded.internal;

import org.jspecify.annotations.NullMarked;
