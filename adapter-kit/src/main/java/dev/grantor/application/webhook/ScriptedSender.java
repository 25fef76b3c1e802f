package dev.grantor.application.webhook;

import dev.grantor.application.port.out.WebhookSender;
import io.vavr.collection.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;

/** A sender that keeps every request and answers each URL from a script (200 by default). Thread-safe. */
public final class ScriptedSender implements WebhookSender {

    private final ConcurrentLinkedQueue<WebhookRequest> requests = new ConcurrentLinkedQueue<>();
    private final ConcurrentHashMap<String, ConcurrentLinkedQueue<Outcome>> scripts = new ConcurrentHashMap<>();
    private volatile Function<WebhookRequest, Outcome> otherwise = request -> new Outcome.Answered(200);

    @Override
    public Outcome send(WebhookRequest request) {
        requests.add(request);
        var script = scripts.get(request.url().toString());
        var next = script == null ? null : script.poll();
        return next != null ? next : otherwise.apply(request);
    }

    /** The next answers to {@code url}, in order; after them, the default. */
    public ScriptedSender answer(String url, Outcome... outcomes) {
        scripts.computeIfAbsent(url, u -> new ConcurrentLinkedQueue<>()).addAll(java.util.List.of(outcomes));
        return this;
    }

    public ScriptedSender otherwise(Function<WebhookRequest, Outcome> answer) {
        this.otherwise = answer;
        return this;
    }

    public List<WebhookRequest> requests() {
        return List.ofAll(requests);
    }

    public List<WebhookRequest> requestsTo(String url) {
        return requests().filter(r -> r.url().toString().equals(url));
    }
}
