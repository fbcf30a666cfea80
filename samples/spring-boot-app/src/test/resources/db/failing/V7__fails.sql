-- A migration that fails: StartupExitTest adds this location to see lockstep.startup=exit exit non-zero.
INSERT INTO no_such_table VALUES (1);
