package dev.lockstep.quarkus;

import io.quarkus.datasource.common.runtime.DataSourceUtil;
import io.quarkus.runtime.annotations.ConfigDocMapKey;
import io.quarkus.runtime.annotations.ConfigPhase;
import io.quarkus.runtime.annotations.ConfigRoot;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefaults;
import io.smallrye.config.WithParentName;
import io.smallrye.config.WithUnnamedKey;
import java.util.Map;

/**
 * Lockstep's settings, per datasource: the default datasource's at {@code quarkus.lockstep.<key>}, a named one's at
 * {@code quarkus.lockstep."<name>".<key>}. The keys are those of every Lockstep adapter (see
 * {@code dev.lockstep.LockstepSettings}).
 */
@ConfigMapping(prefix = "quarkus.lockstep")
@ConfigRoot(phase = ConfigPhase.RUN_TIME)
public interface LockstepRuntimeConfig {

    /**
     * Settings by datasource name.
     */
    @ConfigDocMapKey("datasource-name")
    @WithParentName
    @WithUnnamedKey(DataSourceUtil.DEFAULT_DATASOURCE_NAME)
    @WithDefaults
    Map<String, LockstepDataSourceRuntimeConfig> datasources();
}
