package dev.lockstep.quarkus.deployment.users;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** Table {@code app_user} of datasource "users" (db/users), in persistence unit "users". */
@Entity
@Table(name = "app_user")
public class AppUser {
    @Id
    public Long id;

    public String name;
}
