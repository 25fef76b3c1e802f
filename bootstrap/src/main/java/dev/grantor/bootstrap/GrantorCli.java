package dev.grantor.bootstrap;

import dev.grantor.bootstrap.logging.ConsoleLog;
import dev.grantor.bootstrap.logging.JavaLoggingBridge;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code grantor} command. Output meant for scripts (an id, a token, a listing) goes to stdout and nothing
 * else does; logs go to stderr. A bad option or a failure the operator can act on ends in one line on stderr
 * and a non-zero exit code: 2 for usage, 1 for everything else. Never a stack trace.
 */
@Command(name = "grantor", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT, versionProvider = GrantorCli.Version.class,
        description = "Entitlement grants and manual license-key fulfillment: the REST service and its administration.",
        footer = {"", "The configuration options (serve's, and the database options of every command) also read GRANTOR_<OPTION> "
                + "from the environment (--db-url: GRANTOR_DB_URL); the command line wins. Logs go to stderr, at GRANTOR_LOG_LEVEL (default INFO)."},
        subcommands = {ServeCommand.class, BusinessesCommand.class, ApiKeysCommand.class, GrantsCommand.class, MigrateCommand.class,
                OutboxCommand.class, PoolCommand.class, OperatorsCommand.class, ConsoleCommand.class, BenchCommand.class,
                HelpCommand.class})
public final class GrantorCli implements Runnable {

    public static final int USAGE = 2;
    public static final int FAILURE = 1;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a command is required: " + String.join(", ",
                spec.subcommands().keySet()));
    }

    public static void main(String[] args) {
        JavaLoggingBridge.install();
        int code = commandLine(System.getenv()).execute(args);
        ConsoleLog.close();
        System.exit(code);
    }

    /** The whole command tree, reading option defaults from {@code environment} ({@code GRANTOR_*}). */
    public static CommandLine commandLine(Map<String, String> environment) {
        var cli = new CommandLine(new GrantorCli());
        var defaults = new EnvironmentDefaults(environment);
        cli.setDefaultValueProvider(defaults);
        cli.setExecutionStrategy(parsed -> {
            if (!helpAsked(parsed)) {
                ConsoleLog.levelProblem(environment.get(ConsoleLog.LEVEL_VARIABLE)).ifPresent(problem -> {
                    throw new ParameterException(parsed.commandSpec().commandLine(), problem);
                });
            }
            return new CommandLine.RunLast().execute(parsed);
        });
        cli.setParameterExceptionHandler((problem, args) -> {
            PrintWriter err = problem.getCommandLine().getErr();
            err.println("grantor: " + defaults.naming(Failures.oneLine(problem.getMessage()), List.of(args)) + " (see '"
                    + problem.getCommandLine().getCommandSpec().qualifiedName(" ") + " --help')");
            err.flush();
            return USAGE;
        });
        cli.setExecutionExceptionHandler((failure, command, parsed) -> {
            PrintWriter err = command.getErr();
            err.println("grantor: " + defaults.naming(Failures.describe(failure), parsed.originalArgs()));
            err.flush();
            return failure instanceof ParameterException ? USAGE : FAILURE;
        });
        return cli;
    }

    private static boolean helpAsked(CommandLine.ParseResult parsed) {
        for (var level = parsed; level != null; level = level.hasSubcommand() ? level.subcommand() : null) {
            if (level.isUsageHelpRequested() || level.isVersionHelpRequested() || level.commandSpec().userObject() instanceof HelpCommand) {
                return true;
            }
        }
        return false;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = GrantorCli.class.getPackage().getImplementationVersion();
            return new String[] {"grantor " + (version == null ? "(development build)" : version)};
        }
    }
}
