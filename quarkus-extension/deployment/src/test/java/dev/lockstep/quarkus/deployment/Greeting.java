package dev.lockstep.quarkus.deployment;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;

/** Mapped onto the table the test migrations create; Hibernate validates the mapping when it starts. */
@Entity
public class Greeting {
    @Id
    public Long id;

    public String text;

    public String language;
}
