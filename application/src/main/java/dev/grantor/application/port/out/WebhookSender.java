package dev.grantor.application.port.out;

import io.vavr.collection.LinkedHashMap;
import java.net.URI;
import java.time.Duration;

/**
 * Sends one webhook as an HTTP POST. Never follows a redirect (a 3xx is an answer like any other non-2xx),
 * reads at most 64 KiB of the answer, and never throws for a failed send: that is an outcome. Unless the request
 * allows private targets, it connects only to public addresses (see
 * {@link dev.grantor.application.webhook.WebhookTargets}), judged on the address it actually connects to, after
 * resolution, on every attempt.
 */
public interface WebhookSender {

    /**
     * The body is sent as {@code application/json}, byte for byte as given (it is what the signature covers). The
     * whole attempt, resolution included, takes at most {@code connectTimeout} plus {@code readTimeout}.
     */
    record WebhookRequest(URI url, LinkedHashMap<String, String> headers, String body, Duration connectTimeout,
                          Duration readTimeout, boolean privateTargetsAllowed) {
        public WebhookRequest {
            if (url == null || headers == null || body == null || connectTimeout == null || readTimeout == null) {
                throw new IllegalArgumentException("a webhook request needs a url, headers, a body and timeouts");
            }
        }
    }

    sealed interface Outcome {
        /** The receiver answered; only a 2xx means it took the webhook. */
        record Answered(int statusCode) implements Outcome {
            public boolean accepted() {
                return statusCode >= 200 && statusCode < 300;
            }
        }

        /**
         * No answer: a name that does not resolve or resolves only to addresses it may not go to, a refused
         * connection, a failed TLS handshake, a timeout, a reset. Worth another try later. The reason is for the
         * operator's log: the merchant learns only that the endpoint could not be reached, or a merchant could map
         * the service's network by what each address answers.
         */
        record Unreachable(String reason) implements Outcome {}

        /** Never sent, and no retry would change that: an endpoint that points at this service itself. */
        record Refused(String reason) implements Outcome {}
    }

    Outcome send(WebhookRequest request);
}
