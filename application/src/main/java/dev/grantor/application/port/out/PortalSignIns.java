package dev.grantor.application.port.out;

import dev.grantor.domain.shared.BusinessId;
import dev.grantor.domain.shared.CustomerId;
import io.vavr.control.Option;
import java.time.Instant;

/**
 * The ways into the customer portal: one-time links a merchant mints for a customer, and one-time codes a
 * customer asks for by email. Only hashes of the secrets are stored, so whoever reads the store cannot sign in.
 * Taking a link and using a code are single conditional writes: of two racing requests with the same secret,
 * exactly one wins.
 */
public interface PortalSignIns {

    /** A minted link, known by the hash of its token. {@code returnUrl} is the shop's "back" address, if given. */
    record SignInLink(String tokenHash, BusinessId businessId, CustomerId customerId, Option<String> returnUrl,
                      Instant createdAt, Instant expiresAt) {
        public SignInLink {
            if (tokenHash == null || tokenHash.isBlank() || businessId == null || customerId == null || returnUrl == null
                    || createdAt == null || expiresAt == null || !expiresAt.isAfter(createdAt)) {
                throw new IllegalArgumentException("a sign-in link breaks its structural rules");
            }
        }
    }

    /**
     * The live code of one email at one business (a newer code replaces it). {@code emailKey} is the email's
     * case-folded match key; {@code wrongTries} counts the wrong codes typed against it so far.
     */
    record SignInCode(BusinessId businessId, String emailKey, String codeHash, Instant createdAt, Instant expiresAt,
                      int wrongTries) {
        public SignInCode {
            if (businessId == null || emailKey == null || emailKey.isBlank() || codeHash == null || codeHash.isBlank()
                    || createdAt == null || expiresAt == null || !expiresAt.isAfter(createdAt) || wrongTries < 0) {
                throw new IllegalArgumentException("a sign-in code breaks its structural rules");
            }
        }
    }

    void insertLink(SignInLink link);

    /**
     * The unused, unexpired link with this token hash, now used (it never opens a second session); none when
     * there is no such link, it was taken before, or it expired at or before {@code now}.
     */
    Option<SignInLink> takeLink(String tokenHash, Instant now);

    /** Stores the code of its email and business, replacing the one it had. */
    void putCode(SignInCode code);

    Option<SignInCode> findCode(BusinessId business, String emailKey);

    /**
     * Deletes the code if it is the one with {@code codeHash}: true for the one caller that used it, false when
     * another code took its place or someone used it first.
     */
    boolean useCode(BusinessId business, String emailKey, String codeHash);

    /**
     * Counts one wrong try against the code with {@code codeHash} and answers the count after it; deletes the
     * code when the count reaches {@code burnAt}. Zero when that code is gone.
     */
    int countWrongTry(BusinessId business, String emailKey, String codeHash, int burnAt);

    /**
     * Deletes every link, used or not, minted for {@code customer} of {@code business}: a link sent to an address the
     * customer no longer has opens nothing. Answers how many.
     */
    int forgetLinksOf(BusinessId business, CustomerId customer);

    /**
     * Deletes up to {@code limit} links, used or not, that expired before {@code cutoff}, the oldest first; answers how
     * many.
     */
    int forgetLinksExpiredBefore(Instant cutoff, int limit);

    /** Deletes up to {@code limit} codes that expired before {@code cutoff}, the oldest first; answers how many. */
    int forgetCodesExpiredBefore(Instant cutoff, int limit);
}
