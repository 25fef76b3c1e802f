package dev.grantor.bootstrap;

import dev.grantor.application.Grantor;
import dev.grantor.domain.shared.BusinessId;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code --business BUSINESS_ID}: the one place a command learns which business it acts for. A malformed id is a usage
 * error (exit 2) found before the database is opened; naming no business is allowed only where the command says so,
 * and then only on a database with exactly one business (a failure, exit 1, otherwise).
 */
final class BusinessOption {

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(names = "--business", required = true, paramLabel = "BUSINESS_ID", description = "The business it acts for (bus_...).")
    String business;

    /** The business named on the command line. */
    BusinessId id() {
        return parse(command, business);
    }

    static BusinessId parse(CommandSpec spec, String raw) {
        return BusinessId.parse("business", raw.strip())
                .getOrElseThrow(problem -> new ParameterException(spec.commandLine(), "--business: not a business id (bus_...)"));
    }

    /** The business given ({@code raw}, already {@link #parse parsed}), else the database's only one. */
    static BusinessId givenOrOnly(BusinessId given, Grantor grantor) {
        if (given != null) {
            return given;
        }
        var businesses = grantor.accessAdministration().businesses();
        if (businesses.size() != 1) {
            throw new CommandFailure("the database has " + businesses.size() + " businesses: give --business BUSINESS_ID "
                    + "(grantor businesses list shows them)");
        }
        return businesses.head().id();
    }
}
