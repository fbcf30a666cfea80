/**
 * Lockstep core. Exports the API ({@code dev.lockstep}) and the extension points ({@code dev.lockstep.spi});
 * {@code dev.lockstep.internal.*} stays private to the module.
 */
module dev.lockstep {
    requires transitive java.sql;
    requires transitive flyway.core;
    requires flyway.database.postgresql;
    requires org.postgresql.jdbc;
    requires org.slf4j;
    requires com.fasterxml.jackson.core; // streaming JSON for manifests and views, no databind
    requires java.management;
    requires java.naming; // pgjdbc's PGSimpleDataSource, used to reach another database of the same server
    requires static org.jspecify;

    exports dev.lockstep;
    exports dev.lockstep.spi;

    uses dev.lockstep.spi.ObjectStorageFactory;
}
