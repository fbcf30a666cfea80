package dev.lockstep.internal.run;

import dev.lockstep.spi.MigrationListener;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Calls every listener; a listener's exception is logged and never stops the run. */
final class Listeners {
    private static final Logger log = LoggerFactory.getLogger(Listeners.class);

    private final List<MigrationListener> listeners;

    Listeners(List<MigrationListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    void each(Consumer<MigrationListener> event) {
        for (MigrationListener listener : listeners) {
            try {
                event.accept(listener);
            } catch (RuntimeException e) {
                log.warn("MigrationListener {} failed; the run goes on", listener.getClass().getName(), e);
            }
        }
    }
}
