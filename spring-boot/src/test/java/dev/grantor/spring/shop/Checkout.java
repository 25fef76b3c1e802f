package dev.grantor.spring.shop;

import dev.grantor.application.Grantor;
import dev.grantor.application.port.in.GrantFulfillment.FulfillLicenseKey;
import dev.grantor.application.port.in.GrantIssuing.CustomerContact;
import dev.grantor.application.port.in.GrantIssuing.IssueGrant;
import dev.grantor.application.port.in.GrantView;
import dev.grantor.domain.shared.BusinessId;
import dev.grantor.domain.shared.GrantorError;
import io.vavr.control.Either;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The shop's checkout: its own write (the order) and Grantor's (the grant, the key) in one {@code @Transactional}
 * method each, so that they commit together or not at all.
 */
@Service
public class Checkout {

    /** The shop chose to undo its order when Grantor said no. */
    public static final class Refused extends RuntimeException {
        public final transient GrantorError error;

        Refused(GrantorError error) {
            super(error.code().name());
            this.error = error;
        }
    }

    /** Something of the shop's own failed after Grantor's part succeeded. */
    public static final class ShopFailure extends RuntimeException {
        ShopFailure() {
            super("the payment provider declined after all");
        }
    }

    private final JdbcTemplate jdbc;
    private final Grantor grantor;

    public Checkout(JdbcTemplate jdbc, Grantor grantor) {
        this.jdbc = jdbc;
        this.grantor = grantor;
    }

    /** Records the order and issues its grant; {@code failAfterwards} makes the shop's own step fail last. */
    @Transactional
    public GrantView placeOrder(BusinessId business, String entitlementId, String orderId, String email, boolean failAfterwards) {
        jdbc.update("INSERT INTO shop_orders (id, email) VALUES (?, ?)", orderId, email);
        var issued = grantor.issuing().issue(business, entitlementId,
                new IssueGrant(new CustomerContact(null, email, null), orderId, null, null));
        var grant = issued.getOrElseThrow(Refused::new).grant();
        jdbc.update("UPDATE shop_orders SET grant_id = ? WHERE id = ?", grant.grant().id().value(), orderId);
        if (failAfterwards) {
            throw new ShopFailure();
        }
        return grant;
    }

    /**
     * Marks the order shipped and hands the key to Grantor. When Grantor refuses, {@code undoOnRefusal} decides
     * whether the shop's own write goes too (it throws) or stays (it returns Grantor's answer).
     */
    @Transactional
    public Either<GrantorError, GrantView> ship(BusinessId business, String orderId, String grantId, String key,
                                               boolean undoOnRefusal, boolean failAfterwards) {
        jdbc.update("INSERT INTO shop_orders (id, email, grant_id) VALUES (?, 'shipping@example.com', ?)", orderId, grantId);
        var fulfilled = grantor.fulfillment().fulfillLicenseKey(business, grantId, new FulfillLicenseKey(key, null, null));
        if (fulfilled.isLeft() && undoOnRefusal) {
            throw new Refused(fulfilled.getLeft());
        }
        if (failAfterwards) {
            throw new ShopFailure();
        }
        return fulfilled;
    }
}
