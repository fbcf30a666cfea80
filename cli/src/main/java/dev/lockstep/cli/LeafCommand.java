package dev.lockstep.cli;

import dev.lockstep.LockstepException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;

/**
 * A command that does something (not a group of commands): it has the common options, sets up logging before
 * anything logs, and turns every failure into a message on stderr (and its view with {@code --json}) and the exit
 * code of its class. Failures are told here, once.
 */
abstract class LeafCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common = new CommonOptions();

    @Override
    public final Integer call() {
        Logging.configure(common.logLevel());
        Output output = new Output(System.out, System.err, common, System.getenv());
        try {
            return execute(output).code();
        } catch (LockstepException e) {
            output.failure(e);
            return ExitStatus.of(e).code();
        } catch (RuntimeException e) {
            output.failure(e);
            if (common.logLevel() == Logging.Level.DEBUG) {
                e.printStackTrace(output.err());
            }
            return ExitStatus.FAILED.code();
        }
    }

    abstract ExitStatus execute(Output output);
}
