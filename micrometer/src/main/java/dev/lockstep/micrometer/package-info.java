/** Micrometer meters for Lockstep runs, shared by the Spring Boot starter and the Quarkus extension. */
@NullMarked
package dev.lockstep.micrometer;

import org.jspecify.annotations.NullMarked;
