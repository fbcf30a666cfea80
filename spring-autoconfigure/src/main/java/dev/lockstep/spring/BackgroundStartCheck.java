package dev.lockstep.spring;

import dev.lockstep.ErrorCode;
import dev.lockstep.LockstepException;
import java.util.Locale;
import java.util.Set;
import org.springframework.core.env.Environment;

/**
 * Refuses {@code lockstep.startup=background} when something would use the schema while it is being migrated:
 * in background mode the context starts before the run ends, so JPA's schema validation or generation and
 * Spring's SQL scripts would run against the old schema.
 */
final class BackgroundStartCheck {
    private static final Set<String> SCHEMA_TOUCHING_DDL_AUTO = Set.of("validate", "update", "create", "create-drop");

    private BackgroundStartCheck() {}

    static void check(Environment environment) {
        String ddlAuto = environment.getProperty("spring.jpa.hibernate.ddl-auto", "none").trim().toLowerCase(Locale.ROOT);
        if (SCHEMA_TOUCHING_DDL_AUTO.contains(ddlAuto)) {
            throw unsafe("spring.jpa.hibernate.ddl-auto=" + ddlAuto + " makes Hibernate read or change the schema"
                    + " while it starts, before the background run has migrated it",
                    "set spring.jpa.hibernate.ddl-auto=none");
        }
        String sqlInit = environment.getProperty("spring.sql.init.mode", "embedded").trim().toLowerCase(Locale.ROOT);
        if (sqlInit.equals("always")) {
            throw unsafe("spring.sql.init.mode=always runs schema.sql and data.sql while the application starts,"
                    + " before the background run has migrated the schema",
                    "move those scripts into Flyway migrations, or set spring.sql.init.mode=never");
        }
    }

    private static LockstepException unsafe(String why, String fix) {
        return new LockstepException(ErrorCode.INVALID_CONFIGURATION, "lockstep.startup=background is unsafe here: "
                + why + ". Either " + fix + ", or use lockstep.startup=blocking.");
    }
}
