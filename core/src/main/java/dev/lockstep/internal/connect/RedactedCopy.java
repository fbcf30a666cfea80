package dev.lockstep.internal.connect;

import java.sql.SQLException;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * A copy of an exception and its causes (and suppressed ones) with every message passed through a redaction, for
 * the cause of a thrown {@code LockstepException}: frameworks print the whole chain, and a driver or Flyway message
 * may quote a URL with its password. Each copy keeps the original's stack trace, shows the original's class in
 * {@code toString()}, and a database error stays a {@link SQLException} with its SQLSTATE and vendor code, so that
 * code reading the chain for a SQLSTATE still finds it.
 */
public final class RedactedCopy {
    private RedactedCopy() {}

    /** The redacted copy of {@code error} with its whole chain; null for null. */
    public static @Nullable Throwable of(@Nullable Throwable error, UnaryOperator<String> redaction) {
        return error == null ? null : copy(error, redaction, new IdentityHashMap<>());
    }

    private static Throwable copy(Throwable error, UnaryOperator<String> redaction, Map<Throwable, Throwable> done) {
        Throwable known = done.get(error);
        if (known != null) {
            return known;
        }
        String message = error.getMessage() == null ? null : redaction.apply(error.getMessage());
        String type = error.getClass().getName();
        Throwable copy = error instanceof SQLException sql
                ? new Sql(type, message, sql.getSQLState(), sql.getErrorCode())
                : new Other(type, message);
        done.put(error, copy);
        copy.setStackTrace(error.getStackTrace());
        Throwable cause = error.getCause();
        if (cause != null && cause != error) {
            copy.initCause(copy(cause, redaction, done));
        }
        for (Throwable suppressed : error.getSuppressed()) {
            copy.addSuppressed(copy(suppressed, redaction, done));
        }
        return copy;
    }

    /** A database error's redacted copy. */
    static final class Sql extends SQLException {
        private static final long serialVersionUID = 1L;
        private final String type;

        Sql(String type, @Nullable String message, @Nullable String sqlState, int vendorCode) {
            super(message, sqlState, vendorCode);
            this.type = type;
        }

        @Override
        public String toString() {
            return getMessage() == null ? type : type + ": " + getMessage();
        }
    }

    /** Any other exception's redacted copy. */
    static final class Other extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String type;

        Other(String type, @Nullable String message) {
            super(message);
            this.type = type;
        }

        @Override
        public String toString() {
            return getMessage() == null ? type : type + ": " + getMessage();
        }
    }
}
