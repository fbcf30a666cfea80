/**
 * Spring Boot auto-configuration for Lockstep: Boot's Flyway migration runs through Lockstep, with health,
 * readiness, metrics and an actuator endpoint.
 */
@NullMarked
package dev.lockstep.spring;

import org.jspecify.annotations.NullMarked;
