package dev.lockstep.internal.flyway;

import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.jspecify.annotations.Nullable;

/**
 * Lockstep's Flyway callback: passes each migration's start, end and failure to the run under way. Outside a
 * Lockstep run (someone calls {@code flyway.migrate()} directly) it does nothing.
 */
public final class RunCallback implements Callback {

    /** What a run does around each migration. */
    public interface Observer {
        void beforeMigration(Context context);

        void afterMigration(Context context);

        void migrationFailed(Context context);
    }

    private volatile @Nullable Observer observer;

    public void observe(@Nullable Observer value) {
        observer = value;
    }

    @Override
    public boolean supports(Event event, Context context) {
        return event == Event.BEFORE_EACH_MIGRATE || event == Event.AFTER_EACH_MIGRATE
                || event == Event.AFTER_EACH_MIGRATE_ERROR;
    }

    @Override
    public boolean canHandleInTransaction(Event event, Context context) {
        return true;
    }

    @Override
    public void handle(Event event, Context context) {
        Observer current = observer;
        if (current == null) {
            return;
        }
        switch (event) {
            case BEFORE_EACH_MIGRATE -> current.beforeMigration(context);
            case AFTER_EACH_MIGRATE -> current.afterMigration(context);
            case AFTER_EACH_MIGRATE_ERROR -> current.migrationFailed(context);
            default -> { }
        }
    }

    @Override
    public String getCallbackName() {
        return "lockstep";
    }
}
