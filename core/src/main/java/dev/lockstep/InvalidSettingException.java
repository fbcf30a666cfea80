package dev.lockstep;

/**
 * A setting has a value Lockstep cannot use, or is not a setting at all. {@link #key()} is the contract name
 * ({@code lock.timeout}), so that an adapter can name the property in its own form ({@code lockstep.lock.timeout},
 * {@code quarkus.lockstep.lock.timeout}, {@code LOCKSTEP_LOCK_TIMEOUT}) without reading the message.
 */
public final class InvalidSettingException extends LockstepException {
    private static final long serialVersionUID = 1L;

    private final String key;
    private final String value;

    /**
     * @param key the setting's contract name
     * @param value the value as it was given
     * @param message what is wrong with it and which values are accepted
     */
    public InvalidSettingException(String key, String value, String message) {
        super(ErrorCode.INVALID_CONFIGURATION, message);
        this.key = key;
        this.value = value;
    }

    /** The setting's contract name, such as {@code snapshot.max-age}. */
    public String key() {
        return key;
    }

    /** The value as it was given (a duration as the contract writes it). */
    public String value() {
        return value;
    }
}
