package dev.grantor.bootstrap;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
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
            "--db-password", "--smtp-host", "--smtp-port", "--smtp-user", "--smtp-password", "--smtp-tls", "--mail-from",
            "--no-relay", "--rate-limit", "--license-rate-limit", "--signing-kek");

    private final Map<String, String> environment;

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
        return value == null || value.isBlank() ? null : value;
    }
}
