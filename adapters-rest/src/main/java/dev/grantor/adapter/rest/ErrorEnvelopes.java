package dev.grantor.adapter.rest;

import dev.grantor.domain.shared.ErrorCode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * The errors Jetty answers itself, before any route runs (a path it cannot decode, headers over the size limit, a
 * message it cannot frame), in the contract's {@code {code, message}} shape instead of Jetty's HTML page. The status
 * stays Jetty's; the code is the nearest of the contract's, and the message never repeats what the client sent. A
 * request to a path of the pages served beside the API gets their page for the status instead, one whose target Jetty
 * could not read included ({@link UnreadableTargets}).
 */
final class ErrorEnvelopes extends ErrorHandler {

    /** Told of each request refused here, which no route's request logger sees. */
    interface Refusals {
        Refusals NONE = (method, status, beganNanos) -> { };

        void refused(String method, int status, long beganNanos);
    }

    private static final HttpField JSON = new HttpField(HttpHeader.CONTENT_TYPE, Reply.JSON);
    private static final HttpField NO_RETRY = new HttpField("x-should-retry", "false");

    private final Refusals refusals;
    private final Besides besides;

    ErrorEnvelopes(Refusals refusals, Besides besides) {
        this.refusals = refusals;
        this.besides = besides;
    }

    /** Jetty sends an empty error to methods other than GET, POST and HEAD; the envelope goes to every method. */
    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    @Override
    protected void generateResponse(Request request, Response response, int status, String message, Throwable cause,
                                    Callback callback) throws IOException {
        refusals.refused(request.getMethod(), status, request.getBeginNanoTime());
        // a target Jetty could not read is replaced by a made-up one; the one sent says whose refusal it is
        String path = UnreadableTargets.unreadablePath(request.getConnectionMetaData())
                .getOrElse(() -> request.getHttpURI() == null ? null : request.getHttpURI().getPath());
        if (besides.serves(path)) {
            // a person's browser asked for a page: the pages' own page for the status, not the API's envelope
            var page = besides.page(path, status);
            page.headers().forEach(header -> response.getHeaders().put(header.name(), header.value()));
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, page.contentType());
            response.write(true, ByteBuffer.wrap(page.body().getBytes(StandardCharsets.UTF_8)), callback);
            return;
        }
        response.getHeaders().put(JSON);
        if (!ErrorReplies.retryable(status)) {
            response.getHeaders().put(NO_RETRY);
        }
        response.write(true, ByteBuffer.wrap(body(status)), callback);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(JSON);
        if (!ErrorReplies.retryable(status)) {
            fields.put(NO_RETRY);
        }
        return ByteBuffer.wrap(body(status));
    }

    static byte[] body(int status) {
        Reply reply = switch (status) {
            case 404, 405 -> ErrorReplies.of(ErrorCode.NOT_FOUND, "no such endpoint");
            case 413 -> ErrorReplies.of(TransportError.PAYLOAD_TOO_LARGE, "the request body is too large");
            case 415 -> ErrorReplies.of(TransportError.UNSUPPORTED_MEDIA_TYPE, "the request body must be application/json");
            case 408 -> ErrorReplies.of(ErrorCode.INVALID_REQUEST, "the request took too long to arrive");
            case 431 -> ErrorReplies.of(ErrorCode.INVALID_REQUEST, "the request's headers are too large");
            // the client's HTTP/0.9 or HTTP/2.1, not a failure of the server's
            case 505 -> ErrorReplies.of(ErrorCode.INVALID_REQUEST, "the request's HTTP version is not supported");
            default -> status >= 500
                    ? ErrorReplies.internal()
                    : ErrorReplies.of(ErrorCode.INVALID_REQUEST, "the request could not be read as HTTP");
        };
        return reply.body().getBytes(StandardCharsets.UTF_8);
    }
}
