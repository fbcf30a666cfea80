package dev.lockstep.internal;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Growing pauses with jitter, so replicas that start together do not poll in step. Each pause is the
 * current step times a random factor in [0.5, 1.5); the step grows by half each time up to {@code max}.
 */
public final class Backoff {
    private final Duration max;
    private Duration step;

    public Backoff(Duration first, Duration max) {
        this.step = first;
        this.max = max;
    }

    /** Sleeps for the next pause, but never longer than {@code remaining}. */
    public void pause(Duration remaining) {
        sleep(next(remaining));
    }

    /** The next pause, never longer than {@code remaining} nor shorter than 1 ms; grows the step. */
    public Duration next(Duration remaining) {
        long jittered = (long) (step.toMillis() * (0.5 + ThreadLocalRandom.current().nextDouble()));
        long millis = Math.max(1, Math.min(jittered, remaining.toMillis()));
        step = step.multipliedBy(3).dividedBy(2);
        if (step.compareTo(max) > 0) {
            step = max;
        }
        return Duration.ofMillis(millis);
    }

    public static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting", e);
        }
    }
}
