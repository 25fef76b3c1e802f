package dev.grantor.application;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.application.contract.Race;
import dev.grantor.application.outbox.DeliveryEmailPayload;
import dev.grantor.application.port.in.DeliveryResends.ByApiKey;
import dev.grantor.application.port.in.DeliveryResends.ByCustomer;
import dev.grantor.application.port.in.DeliveryResends.ByOperator;
import dev.grantor.application.port.in.DeliveryResends.Resend;
import dev.grantor.application.port.in.DeliveryResends.ResendPolicy;
import dev.grantor.application.port.in.GrantView;
import dev.grantor.application.port.in.LicenseKeyManagement.RotateLicenseKey;
import dev.grantor.application.port.out.OutboxMessage.Kind;
import dev.grantor.domain.shared.ErrorCode;
import dev.grantor.domain.shared.GrantorError;
import dev.grantor.domain.shared.GrantorError.ResendRateLimited;
import io.vavr.control.Either;
import java.time.Duration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** "I lost my email": resending a delivered license-key grant's delivery email through the outbox. */
class DeliveryResendsTest {

    private final EngineFixture engine = new EngineFixture();
    private final ByApiKey merchant = new ByApiKey("key_merchant");

    private GrantView delivered() {
        var grant = engine.issue(engine.manualEntitlement());
        return engine.fulfill(grant, "KEY-" + grant.grant().id().value()).get();
    }

    private Either<GrantorError, Resend> resend(GrantView grant) {
        return engine.grantor.deliveryResends().resend(engine.business, grant.grant().id().value(), merchant, ResendPolicy.MERCHANT);
    }

    @Nested
    class A_delivered_license_key_grant {

        @Test
        void gets_a_new_email_with_its_key_a_message_id_of_its_own_and_a_record_of_who_asked() {
            var grant = delivered();
            var first = engine.outbox(Kind.EMAIL).single();

            var resend = resend(grant).get();

            var emails = engine.outbox(Kind.EMAIL);
            assertThat(emails).hasSize(2);
            var again = emails.find(m -> m.id().equals(resend.outboxMessageId())).get();
            assertThat(again.id()).isNotEqualTo(first.id());
            assertThat(again.topic()).isEqualTo(DeliveryEmailPayload.TOPIC);
            var email = DeliveryEmailPayload.decode(again.id(), again.payload());
            var original = DeliveryEmailPayload.decode(first.id(), first.payload());
            assertThat(email.resent()).isTrue();
            assertThat(original.resent()).isFalse();
            assertThat(email.key()).isEqualTo(original.key());
            assertThat(email.to()).isEqualTo(original.to());
            assertThat(email.messageId("mail.example.com")).isEqualTo(
                    "<" + grant.grant().id().value() + ".license-key.resend." + again.id() + "@mail.example.com>");
            assertThat(original.messageId("mail.example.com")).isEqualTo("<" + grant.grant().id().value() + ".license-key@mail.example.com>");
            assertThat(resend.requestedBy()).isEqualTo("api_key:key_merchant");
            assertThat(resend.policy()).isEqualTo("merchant");
            assertThat(resend.requestedAt()).isEqualTo(engine.clock.instant());
            assertThat(engine.grantor.deliveryResends().resends(engine.business, grant.grant().id().value()).get()).containsExactly(resend);
        }

        @Test
        void raises_no_event_and_leaves_the_grant_as_it_was() {
            var grant = delivered();
            var events = engine.outbox(Kind.EVENT).size();
            var before = engine.grantor.grants().get(engine.business, grant.grant().id().value()).get().grant();

            resend(grant).get();

            assertThat(engine.outbox(Kind.EVENT)).hasSize(events);
            assertThat(engine.grantor.grants().get(engine.business, grant.grant().id().value()).get().grant()).isEqualTo(before);
        }

        @Test
        void shows_the_key_it_has_now_after_a_rotation() {
            var grant = delivered();
            var key = grant.licenseKey().get();
            var rotated = engine.grantor.licenseKeys().rotate(engine.business, "key_merchant", key.id().value(),
                    new RotateLicenseKey("KEY-NEW-" + grant.grant().id().value(), null)).get();

            var resend = resend(grant).get();

            var again = engine.outbox(Kind.EMAIL).find(m -> m.id().equals(resend.outboxMessageId())).get();
            assertThat(DeliveryEmailPayload.decode(again.id(), again.payload()).key()).isEqualTo(rotated.licenseKey().value());
        }
    }

    @Nested
    class The_merchant_policy {

        @Test
        void allows_one_resend_per_grant_per_ten_minutes_and_says_when_the_next_is_allowed() {
            var grant = delivered();
            var other = delivered();
            resend(grant).get();
            engine.clock.advance(Duration.ofSeconds(61).plusMillis(500));

            var refused = resend(grant);

            assertThat(refused.getLeft()).isEqualTo(new ResendRateLimited(grant.grant().id().value(), 539));
            assertThat(refused.getLeft().code()).isEqualTo(ErrorCode.RATE_LIMITED);
            assertThat(resend(other).isRight()).as("another grant counts apart").isTrue();
            engine.clock.advance(Duration.ofSeconds(538).plusMillis(500));
            assertThat(resend(grant).isRight()).isTrue();
            assertThat(engine.grantor.deliveryResends().resends(engine.business, grant.grant().id().value()).get()).hasSize(2);
        }

        @Test
        void lets_exactly_one_of_sixteen_concurrent_resends_through() {
            var grant = delivered();
            var emails = engine.outbox(Kind.EMAIL).size();
            var outcomes = Race.answers(Race.of(16, n -> resend(grant)));
            assertThat(outcomes.filter(Either::isRight)).hasSize(1);
            assertThat(outcomes.filter(Either::isLeft).map(Either::getLeft)).allMatch(ResendRateLimited.class::isInstance);
            assertThat(engine.outbox(Kind.EMAIL)).hasSize(emails + 1);
        }
    }

    @Nested
    class Policies {

        @Test
        void count_apart_so_a_customer_still_gets_three_an_hour_after_the_merchant_resent() {
            var grant = delivered();
            var id = grant.grant().id().value();
            var customer = new ByCustomer(grant.grant().customerId());
            resend(grant).get();
            engine.clock.advance(Duration.ofMinutes(1));

            for (int i = 0; i < 3; i++) {
                assertThat(engine.grantor.deliveryResends().resend(engine.business, id, customer, ResendPolicy.CUSTOMER).isRight()).isTrue();
                engine.clock.advance(Duration.ofMinutes(1));
            }
            var fourth = engine.grantor.deliveryResends().resend(engine.business, id, customer, ResendPolicy.CUSTOMER);

            assertThat(fourth.getLeft()).isEqualTo(new ResendRateLimited(id, Duration.ofMinutes(57).toSeconds()));
            var operator = engine.grantor.deliveryResends().resend(engine.business, id, new ByOperator("alice"), ResendPolicy.OPERATOR);
            assertThat(operator.get().requestedBy()).isEqualTo("operator:alice");
            assertThat(engine.grantor.deliveryResends().resends(engine.business, id).get().map(Resend::requestedBy))
                    .containsExactly("operator:alice", customer.recorded(), customer.recorded(), customer.recorded(), "api_key:key_merchant");
        }

        @Test
        void a_customer_cannot_resend_another_customers_grant() {
            var grant = delivered();
            var someoneElse = engine.grantor.issuing().issue(engine.business, grant.grant().entitlementId().value(),
                    EngineFixture.issueTo("bob@example.com")).get().grant().grant().customerId();

            var result = engine.grantor.deliveryResends().resend(engine.business, grant.grant().id().value(),
                    new ByCustomer(someoneElse), ResendPolicy.CUSTOMER);

            assertThat(result.getLeft().code()).isEqualTo(ErrorCode.NOT_FOUND);
        }
    }

    @Nested
    class Nothing_is_sent_or_used_up {

        @Test
        void for_a_pending_grant_which_has_no_email_yet() {
            var grant = engine.issue(engine.manualEntitlement());

            var result = resend(grant);

            assertThat(result.getLeft().code()).isEqualTo(ErrorCode.GRANT_NOT_DELIVERED);
            assertThat(result.getLeft().message()).contains("Pending");
            assertThat(engine.outbox(Kind.EMAIL)).isEmpty();
            var fulfilled = engine.fulfill(grant, "KEY-LATER").get();
            assertThat(resend(fulfilled).isRight()).as("the refusal used up nothing").isTrue();
        }

        @Test
        void for_a_revoked_grant() {
            var grant = delivered();
            engine.grantor.fulfillment().revoke(engine.business, grant.grant().id().value(),
                    new dev.grantor.application.port.in.GrantFulfillment.RevokeGrant(grant.grant().entitlementId().value(), null)).get();

            assertThat(resend(grant).getLeft().code()).isEqualTo(ErrorCode.GRANT_NOT_DELIVERED);
        }

        @Test
        void for_a_grant_that_is_not_a_license_key_grant_whatever_its_state() {
            var grant = engine.issue(engine.githubEntitlement());

            var result = resend(grant);

            assertThat(result.getLeft().code()).isEqualTo(ErrorCode.NO_DELIVERY_EMAIL);
            assertThat(result.getLeft().message()).contains("github");
        }

        @Test
        void for_an_unknown_a_malformed_or_another_business_grant() {
            var grant = delivered();
            var elsewhere = new EngineFixture();

            for (var id : new String[] {"grt_0000000000000000unknown", "not an id", "", null}) {
                assertThat(engine.grantor.deliveryResends().resend(engine.business, id, merchant, ResendPolicy.MERCHANT)
                        .getLeft().code()).isEqualTo(ErrorCode.NOT_FOUND);
            }
            var otherBusiness = engine.grantor.access().createBusiness("Other").get().id();
            assertThat(engine.grantor.deliveryResends().resend(otherBusiness, grant.grant().id().value(), merchant,
                    ResendPolicy.MERCHANT).getLeft().code()).isEqualTo(ErrorCode.NOT_FOUND);
            assertThat(engine.grantor.deliveryResends().resends(otherBusiness, grant.grant().id().value()).getLeft().code())
                    .isEqualTo(ErrorCode.NOT_FOUND);
            assertThat(elsewhere.outbox(Kind.EMAIL)).isEmpty();
        }
    }
}
