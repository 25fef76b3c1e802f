package dev.grantor.adapter.webhooks;

import dev.grantor.application.port.out.WebhookSender;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodySubscriber;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Posts webhooks with the JDK {@link HttpClient}: HTTP/1.1, redirects never followed (a 3xx is an answer
 * like any non-2xx), at most {@value #MAX_ANSWER_BYTES} bytes of an answer read before the connection is
 * let go. The connect timeout bounds the connection, the read timeout the wait for the answer's headers
 * and, once more, for the capped part of its body. Error texts name what went wrong, never a header value.
 */
public final class HttpWebhookSender implements WebhookSender, AutoCloseable {

    static final int MAX_ANSWER_BYTES = 64 * 1024;

    private final WebhookSenderSettings settings;
    private final ConcurrentHashMap<Duration, HttpClient> clients = new ConcurrentHashMap<>();
    private final java.util.concurrent.ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    public HttpWebhookSender(WebhookSenderSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    @Override
    public Outcome send(WebhookRequest request) {
        URI url = request.url();
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http") || url.getHost() == null) {
            return new Outcome.Refused("not an http(s) URL");
        }
        var self = pointsAtThisService(url);
        if (self.isPresent()) {
            return self.get();
        }
        HttpRequest http;
        try {
            var builder = HttpRequest.newBuilder(url)
                    .timeout(request.readTimeout())
                    .header("Content-Type", "application/json")
                    .header("User-Agent", settings.userAgent())
                    .POST(HttpRequest.BodyPublishers.ofString(request.body()));
            request.headers().forEach(header -> builder.header(header._1, header._2));
            http = builder.build();
        } catch (IllegalArgumentException refusedHeader) {
            return new Outcome.Refused("the request cannot be built: a header name or value is not allowed");
        }
        var answer = client(request.connectTimeout()).sendAsync(http, info -> new CappedBody(info.statusCode()));
        try {
            // the headers are bounded by the request timeout; this bounds the capped body on top
            var response = answer.get(request.connectTimeout().plus(request.readTimeout()).plus(request.readTimeout()).toMillis(),
                    TimeUnit.MILLISECONDS);
            return new Outcome.Answered(response.statusCode());
        } catch (TimeoutException slow) {
            answer.cancel(true);
            return new Outcome.Unreachable("no complete answer within the timeout");
        } catch (ExecutionException failed) {
            return new Outcome.Unreachable(describe(failed.getCause(), request));
        } catch (InterruptedException interrupted) {
            answer.cancel(true);
            Thread.currentThread().interrupt();
            return new Outcome.Unreachable("interrupted while sending");
        }
    }

    private HttpClient client(Duration connectTimeout) {
        return clients.computeIfAbsent(connectTimeout, timeout -> HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(timeout)
                .executor(executor)
                .build());
    }

    /** Resolves the host once; DNS that later answers differently is not caught here, only the obvious loop. */
    private java.util.Optional<Outcome> pointsAtThisService(URI url) {
        if (settings.ownAddress().isEmpty()) {
            return java.util.Optional.empty();
        }
        var own = settings.ownAddress().get();
        int port = url.getPort() >= 0 ? url.getPort() : url.getScheme().equalsIgnoreCase("https") ? 443 : 80;
        if (port != own.getPort()) {
            return java.util.Optional.empty();
        }
        try {
            for (InetAddress address : InetAddress.getAllByName(url.getHost())) {
                if (isThisMachine(address, own.getAddress())) {
                    return java.util.Optional.of(new Outcome.Refused("the endpoint resolves to this service's own address"));
                }
            }
            return java.util.Optional.empty();
        } catch (UnknownHostException unknown) {
            return java.util.Optional.of(new Outcome.Unreachable("the host name does not resolve"));
        }
    }

    static boolean isThisMachine(InetAddress address, InetAddress own) {
        if (address.equals(own) || address.isLoopbackAddress() || address.isAnyLocalAddress()) {
            return true;
        }
        try {
            return NetworkInterface.getByInetAddress(address) != null;
        } catch (SocketException unknown) {
            return false;
        }
    }

    private static String describe(Throwable cause, WebhookRequest request) {
        return switch (cause) {
            case HttpConnectTimeoutException t -> "could not connect within " + request.connectTimeout().toMillis() + " ms";
            case HttpTimeoutException t -> "no answer within " + request.readTimeout().toMillis() + " ms";
            case ConnectException c -> "connection refused";
            case IOException io -> "the connection failed: " + io.getClass().getSimpleName();
            case null -> "the send failed";
            default -> "the send failed: " + cause.getClass().getSimpleName();
        };
    }

    @Override
    public void close() {
        clients.values().forEach(HttpClient::close);
        executor.close();
    }

    /**
     * Reads the answer's body up to the cap and then lets go of the connection: a receiver that streams
     * megabytes costs 64 KiB. Answers how many bytes it took.
     */
    static final class CappedBody implements BodySubscriber<Integer> {
        private final CompletableFuture<Integer> result = new CompletableFuture<>();
        private Flow.Subscription subscription;
        private int read;

        CappedBody(int statusCode) {
            // the status code is in the response already; the body is read only to let the exchange end cleanly
        }

        @Override
        public CompletionStage<Integer> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(1);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            for (var buffer : buffers) {
                read += buffer.remaining();
            }
            if (read >= MAX_ANSWER_BYTES) {
                subscription.cancel();
                result.complete(Math.min(read, MAX_ANSWER_BYTES));
            } else {
                subscription.request(1);
            }
        }

        @Override
        public void onError(Throwable failure) {
            result.completeExceptionally(failure);
        }

        @Override
        public void onComplete() {
            result.complete(read);
        }
    }
}
