package dev.grantor.application.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.domain.shared.BusinessId;
import org.junit.jupiter.api.Test;

/** {@code Businesses}: simple reference data, found by id. */
public abstract class BusinessesContract extends PortContract {

    @Test
    void a_business_comes_back_as_it_was_stored() {
        var business = ContractFixtures.business();

        inUnit(() -> store.businesses().insert(business));

        assertThat(reading(() -> store.businesses().find(business.id()))).contains(business);
    }

    @Test
    void an_unknown_business_is_not_found() {
        inUnit(() -> store.businesses().insert(ContractFixtures.business()));

        assertThat(reading(() -> store.businesses().find(new BusinessId(ContractFixtures.id("bus_"))))).isEmpty();
    }
}
