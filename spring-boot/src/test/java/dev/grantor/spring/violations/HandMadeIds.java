package dev.grantor.spring.violations;

import dev.grantor.application.generate.SecureIdGenerator;
import dev.grantor.application.port.out.IdGenerator;
import java.time.Clock;

/** A configuration that builds one of the engine's own parts instead of leaving it to the facade's builder. */
public class HandMadeIds {

    public IdGenerator ids() {
        return new SecureIdGenerator(Clock.systemUTC());
    }
}
