/**
 * The Lockstep Quarkus extension's runtime: configuration ({@code quarkus.lockstep.*}), the startup run on the
 * Flyway quarkus-flyway configures, the readiness check and the meters.
 */
@NullMarked
package dev.lockstep.quarkus;

import org.jspecify.annotations.NullMarked;
