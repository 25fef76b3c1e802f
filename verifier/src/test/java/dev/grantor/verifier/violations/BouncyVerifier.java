package dev.grantor.verifier.violations;

import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/** Breaks the verifier's rule on purpose: a check through Bouncy Castle, which every customer would then have to ship. */
final class BouncyVerifier {

    boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
        var signer = new Ed25519Signer();
        signer.init(false, new Ed25519PublicKeyParameters(publicKey, 0));
        signer.update(message, 0, message.length);
        return signer.verifySignature(signature);
    }
}
