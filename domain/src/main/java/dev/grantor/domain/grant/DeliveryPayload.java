package dev.grantor.domain.grant;

import io.vavr.collection.List;
import io.vavr.control.Option;
import java.time.Instant;
import org.jmolecules.ddd.annotation.ValueObject;

/**
 * What a non-license grant delivered, as the host reports it (or, for feature flags, as the engine sets
 * it): files to download, an OAuth-style link, a feature. Grantor stores and returns it; provisioning on
 * those platforms is the host's job.
 */
@ValueObject
public record DeliveryPayload(Option<DigitalProductDelivery> digitalProductDelivery, Option<OAuthAccess> oauth,
                              Option<Feature> feature) {

    public static final DeliveryPayload NONE = new DeliveryPayload(Option.none(), Option.none(), Option.none());

    public DeliveryPayload {
        if (digitalProductDelivery == null || oauth == null || feature == null) {
            throw new IllegalArgumentException("use Option.none() for an absent part");
        }
    }

    public record DigitalProductDelivery(List<DeliveredFile> files, Option<String> externalUrl, Option<String> instructions) {
        public DigitalProductDelivery {
            if (files == null || externalUrl == null || instructions == null) {
                throw new IllegalArgumentException("use Option.none() for an absent part");
            }
        }
    }

    public record DeliveredFile(String fileId, String filename, String downloadUrl, Option<Long> expiresIn,
                                Option<String> contentType, Option<Long> fileSize) {
        public DeliveredFile {
            if (fileId == null || filename == null || downloadUrl == null || expiresIn == null || contentType == null || fileSize == null) {
                throw new IllegalArgumentException("a delivered file needs an id, a name and a download URL");
            }
        }
    }

    public record OAuthAccess(String url, Option<Instant> expiresAt) {
        public OAuthAccess {
            if (url == null || expiresAt == null) {
                throw new IllegalArgumentException("OAuth access needs a URL");
            }
        }
    }

    public record Feature(String featureId, String featureType) {
        public Feature {
            if (featureId == null || featureType == null) {
                throw new IllegalArgumentException("a feature needs an id and a type");
            }
        }
    }
}
