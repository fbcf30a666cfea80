package dev.lockstep.embedded;

/** One way of obtaining a PostgreSQL did not work here; the message says why, for the error that lists them all. */
final class Unavailable extends Exception {
    private static final long serialVersionUID = 1L;

    Unavailable(String reason) {
        super(reason);
    }

    Unavailable(String reason, Throwable cause) {
        super(reason, cause);
    }
}
