package dev.lockstep.cli;

import picocli.CommandLine.Mixin;

/** A command that opens the database: connection, migrations, Flyway's and Lockstep's settings. */
abstract class DatabaseCommand extends LeafCommand {
    @Mixin
    ConnectionOptions connection = new ConnectionOptions();

    @Mixin
    MigrationOptions migrations = new MigrationOptions();

    @Mixin
    SettingsOptions settings = new SettingsOptions();

    Setup.Options options() {
        return new Setup.Options(connection, migrations, settings);
    }
}
