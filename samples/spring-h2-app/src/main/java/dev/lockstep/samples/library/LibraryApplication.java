package dev.lockstep.samples.library;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A small library service as many Spring Boot applications are: Spring Data JPA over a schema Flyway migrates, H2 by
 * default (tests, local runs) and PostgreSQL in the {@code postgres} profile. Adding the Lockstep starter changed
 * nothing here: on H2 Lockstep steps aside and Spring Boot's Flyway migrates as before; on PostgreSQL Lockstep runs
 * the migration.
 */
@SpringBootApplication
public class LibraryApplication {

    public static void main(String[] args) {
        SpringApplication.run(LibraryApplication.class, args);
    }
}
