package dev.grantor.domain.entitlement;

import dev.grantor.domain.shared.Metadata;
import io.vavr.control.Option;
import org.jmolecules.ddd.annotation.ValueObject;

/**
 * The parts a merchant changes. An absent part is kept; {@code description} is doubly optional because
 * clearing it (JSON null) differs from leaving it alone (field absent).
 */
@ValueObject
public record EntitlementUpdate(Option<String> name, Option<Option<String>> description,
                                Option<IntegrationConfig> config, Option<Metadata> metadata) {

    public EntitlementUpdate {
        if (name == null || description == null || config == null || metadata == null) {
            throw new IllegalArgumentException("use Option.none() for an untouched part");
        }
    }
}
