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
    void every_business_is_listed_oldest_first() {
        var later = new dev.grantor.application.port.out.Businesses.Business(new BusinessId(ContractFixtures.id("bus_")), "Later",
                new dev.grantor.domain.shared.BrandId(ContractFixtures.id(dev.grantor.domain.shared.BrandId.PREFIX)), ContractFixtures.at(20));
        var earlier = new dev.grantor.application.port.out.Businesses.Business(new BusinessId(ContractFixtures.id("bus_")), "Earlier",
                new dev.grantor.domain.shared.BrandId(ContractFixtures.id(dev.grantor.domain.shared.BrandId.PREFIX)), ContractFixtures.at(10));
        assertThat(reading(() -> store.businesses().list())).isEmpty();

        inUnit(() -> {
            store.businesses().insert(later);
            store.businesses().insert(earlier);
        });

        assertThat(reading(() -> store.businesses().list())).containsExactly(earlier, later);
    }

    @Test
    void an_unknown_business_is_not_found() {
        inUnit(() -> store.businesses().insert(ContractFixtures.business()));

        assertThat(reading(() -> store.businesses().find(new BusinessId(ContractFixtures.id("bus_"))))).isEmpty();
    }
}
