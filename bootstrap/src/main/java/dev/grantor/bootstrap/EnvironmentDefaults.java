package dev.grantor.bootstrap;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The service's configuration options can also come from the environment: {@code --db-url} from
 * {@code GRANTOR_DB_URL}, {@code --smtp-tls} from {@code GRANTOR_SMTP_TLS}. The command line wins over the
 * environment, the environment over the built-in default. Options that name one thing to act on
 * ({@code --name}, {@code --business}) are left out: a stray {@code GRANTOR_NAME} must not name a business.
 * The environment is passed in, so tests need not touch the process's.
 */
final class EnvironmentDefaults implements IDefaultValueProvider {

    static final String PREFIX = "GRANTOR_";

    static final Set<String> CONFIGURATION = Set.of("--host", "--port", "--data-dir", "--db-url", "--db-user",
            "--db-password", "--db-pool-size", "--smtp-host", "--smtp-port", "--smtp-user", "--smtp-password", "--smtp-tls", "--mail-from",
            "--no-relay", "--relay-window", "--keep-sent-days", "--keep-webhook-deliveries-days", "--rate-limit", "--license-rate-limit", "--license-failure-limit",
            "--license-failure-limit-per-business", "--trusted-proxies", "--header-timeout", "--api-key-cache-ttl", "--public-url",
            "--webhook-allow-private", "--webhook-keep-alive", "--webhook-max-endpoints", "--signing-kek");

    private final Map<String, String> environment;
    private final Set<String> supplied = ConcurrentHashMap.newKeySet();

    EnvironmentDefaults(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    static String variableFor(String longOption) {
        return PREFIX + longOption.replaceFirst("^--", "").toUpperCase(Locale.ROOT).replace('-', '_');
    }

    @Override
    public String defaultValue(ArgSpec argument) {
        if (!(argument instanceof OptionSpec option) || !CONFIGURATION.contains(option.longestName())) {
            return null;
        }
        String value = environment.get(variableFor(option.longestName()));
        if (value == null || value.isBlank()) {
            return null;
        }
        supplied.add(option.longestName());
        return value;
    }

    /**
     * A complaint about an option whose value came from the environment, not from {@code args}, names the variable
     * the operator has to fix: "GRANTOR_PORT: 'eighty' is not an int", not "--port".
     */
    String naming(String message, List<String> args) {
        String named = message;
        for (String option : supplied) {
            boolean given = args.stream().anyMatch(arg -> arg.equals(option) || arg.startsWith(option + "="));
            if (!given) {
                String variable = variableFor(option);
                named = named.replace("option '" + option + "'", "environment variable " + variable)
                        .replaceAll("(?<![\\w-])" + Pattern.quote(option) + "(?![\\w-])", variable)
                        // a message that offered both ways ("give --data-dir (or GRANTOR_DATA_DIR)") now names one
                        .replace(variable + " (or " + variable + ")", variable);
            }
        }
        return named;
    }
}
