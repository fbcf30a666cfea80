package dev.lockstep.spring;

import dev.lockstep.Lockstep;
import dev.lockstep.SchemaStatus;
import dev.lockstep.Views;
import dev.lockstep.spring.LockstepStartup.Phase;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * The {@code lockstep} health component: the core's cheap status probe (one query on the schema history, no
 * classpath scan) mapped onto Spring Boot's statuses: UP_TO_DATE is UP; PENDING, WAITING_FOR_LOCK and MIGRATING
 * are OUT_OF_SERVICE; FAILED, CHECKSUM_MISMATCH, INVALID_MIGRATIONS, UNKNOWN and UNREACHABLE are DOWN. While the starter's startup run is under
 * way it is never better than OUT_OF_SERVICE, and after a failed run it is DOWN with the failure in the details.
 * The details are the core's views ({@link Views#status}, {@link Views#failure}), the same fields every adapter shows.
 * Where Lockstep steps aside (the migration's database is not PostgreSQL), it is UNKNOWN with the reason as its
 * {@code message}, which leaves the overall and readiness status to the other components.
 */
public final class LockstepHealthIndicator implements HealthIndicator {
    private final Lockstep lockstep;
    private final @Nullable LockstepStartup startup;

    public LockstepHealthIndicator(Lockstep lockstep, @Nullable LockstepStartup startup) {
        this.lockstep = lockstep;
        this.startup = startup;
    }

    @Override
    public Health health() {
        Optional<String> steppedAside = startup == null ? Optional.empty() : startup.steppedAside();
        if (startup != null && steppedAside.isPresent()) {
            // UNKNOWN ranks below every other status, so the application's overall and readiness status stay theirs.
            return Health.unknown().withDetail("message", steppedAside.get()).withDetail("startup", startup(startup))
                    .build();
        }
        SchemaStatus status = lockstep.status();
        Health.Builder health = Health.status(statusOf(status)).withDetails(Views.status(status));
        if (startup != null) {
            health.withDetail("startup", startup(startup));
            RuntimeException failure = startup.failure();
            if (startup.phase() == Phase.FAILED && failure != null) {
                health.down().withDetail("startupFailure", Views.failure(failure));
            } else if (startup.phase() == Phase.RUNNING && statusOf(status).equals(Status.UP)) {
                health.outOfService();
            }
        }
        return health.build();
    }

    private static String startup(LockstepStartup startup) {
        return startup.startup().name().toLowerCase(Locale.ROOT) + ", " + startup.phase().name().toLowerCase(Locale.ROOT);
    }

    private static Status statusOf(SchemaStatus status) {
        return switch (status.health()) {
            case UP -> Status.UP;
            case OUT_OF_SERVICE -> Status.OUT_OF_SERVICE;
            case DOWN -> Status.DOWN;
        };
    }
}
