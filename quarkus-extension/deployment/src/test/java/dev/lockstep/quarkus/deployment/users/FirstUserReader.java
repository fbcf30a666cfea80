package dev.lockstep.quarkus.deployment.users;

import io.quarkus.hibernate.orm.PersistenceUnit;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.jboss.logging.Logger;

/** The application's own code: once started, it reads the first user through Hibernate ORM and logs the name. */
@ApplicationScoped
public class FirstUserReader {
    private static final Logger LOG = Logger.getLogger(FirstUserReader.class);

    @Inject
    @PersistenceUnit("users")
    EntityManager users;

    void onStart(@Observes StartupEvent event) {
        AppUser first = QuarkusTransaction.requiringNew().call(() -> users.find(AppUser.class, 1L));
        LOG.infof("first user: %s", first.name);
    }
}
