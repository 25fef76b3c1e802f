package dev.grantor.spring;

import dev.grantor.application.Grantor;

/**
 * Adjusts the engine before it is built: a clock, id or key generators, a relay policy, a port of the
 * application's own. Every such bean in the context is applied, in {@code @Order}.
 */
@FunctionalInterface
public interface GrantorCustomizer {

    void customize(Grantor.Builder builder);
}
