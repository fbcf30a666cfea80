package dev.lockstep.quarkus.deployment.notes;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;

/** Table {@code note} of an application's H2 datasource (db/h2), migrated by quarkus-flyway. */
@Entity
public class Note {
    @Id
    public Long id;

    public String text;
}
