package dev.lockstep.samples.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A small orders service. Its schema (src/main/resources/db/migration) is migrated at startup by Lockstep through
 * Spring Boot's Flyway support; nothing in this code mentions Lockstep: the starter on the class path is enough.
 */
@SpringBootApplication
public class OrdersApplication {

    public static void main(String[] args) {
        SpringApplication.run(OrdersApplication.class, args);
    }
}
