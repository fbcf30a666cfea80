package dev.lockstep.spi;

import dev.lockstep.LockstepSettings;

/**
 * Makes the {@link ObjectStorage} that {@code snapshot.storage} names. Found with {@link java.util.ServiceLoader}: a
 * module that provides one lists its class in {@code META-INF/services/dev.lockstep.spi.ObjectStorageFactory}, so
 * that adding the module to the class path is all a user does.
 */
public interface ObjectStorageFactory {

    /** The value of {@code snapshot.storage} this factory serves: {@code s3}. */
    String name();

    /**
     * A storage configured from the settings. Touches no network: {@link ObjectStorage#preflight} does.
     *
     * @throws dev.lockstep.InvalidSettingException naming the setting, when the settings cannot be used
     */
    ObjectStorage create(LockstepSettings settings);
}
