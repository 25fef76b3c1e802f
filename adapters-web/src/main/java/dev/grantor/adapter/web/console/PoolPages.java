package dev.grantor.adapter.web.console;

import dev.grantor.adapter.web.console.ConsolePages.Notice;
import dev.grantor.adapter.web.page.Frame;
import dev.grantor.adapter.web.page.RealmPages;
import dev.grantor.adapter.web.page.Visit;
import dev.grantor.application.port.in.EntitlementCatalog;
import dev.grantor.application.port.in.GrantQueries;
import dev.grantor.application.port.in.KeyPoolManagement.ImportReport;
import dev.grantor.application.port.in.KeyPoolManagement.KeyFileFormat;
import dev.grantor.application.port.in.KeyPoolManagement.PoolView;
import dev.grantor.application.port.in.KeyPoolManagement;
import dev.grantor.domain.entitlement.Entitlement;
import dev.grantor.domain.grant.PooledKey;
import dev.grantor.domain.shared.EntitlementId;
import dev.grantor.domain.shared.GrantorError;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.UploadedFile;
import io.vavr.collection.List;
import io.vavr.collection.Map;
import io.vavr.control.Option;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The key pools: stock per pool, its low-stock threshold and waiting grants; keys pasted (one per line) or uploaded
 * (text, or CSV {@code key[,activations_limit][,expires_at]}) with a result per line; a key voided; the oldest waiting
 * grants fulfilled from the stock. A pooled key is shown by its last four characters only.
 */
public final class PoolPages {

    /** Larger files are refused: a pool is filled in batches, not in one upload. */
    static final int MAX_UPLOAD_BYTES = RealmPages.MAX_UPLOAD_BYTES;
    /** A pool's newest available keys the page lists. */
    private static final int KEYS_SHOWN = 50;
    /** The most waiting grants one queue query answers. */
    private static final int QUEUE_PAGE = 500;

    private final ConsolePages console;
    private final RealmPages pages;
    private final KeyPoolManagement pools;
    private final EntitlementCatalog catalog;
    private final GrantQueries grants;

    PoolPages(ConsolePages console, KeyPoolManagement pools, EntitlementCatalog catalog, GrantQueries grants) {
        this.console = console;
        this.pages = console.pages();
        this.pools = pools;
        this.catalog = catalog;
        this.grants = grants;
    }

    void routes() {
        pages.page("/pools", (ctx, visit) -> pools(ctx, visit, HttpStatus.OK, Option.none(), Option.none(), Option.none()));
        console.change("/pools/{entitlement}/keys", this::paste);
        console.change("/pools/{entitlement}/upload", this::upload);
        console.change("/pools/{entitlement}/keys/{key}/void", this::voidKey);
        console.change("/pools/{entitlement}/fulfill-oldest", this::fulfillOldest);
    }

    private void pools(Context ctx, Visit visit, HttpStatus status, Option<Notice> notice, Option<Report> report) {
        pools(ctx, visit, status, notice, report, Option.none());
    }

    /** {@code refusedCount}: a pool whose "N oldest" was refused, shown beside its field with what was typed. */
    private void pools(Context ctx, Visit visit, HttpStatus status, Option<Notice> notice, Option<Report> report,
                       Option<CountRefusal> refusedCount) {
        boolean mayChange = console.mayChange(visit);
        var listed = this.pools.list(visit.business()).getOrElse(List.empty());
        var entitlements = this.catalog.ofAll(visit.business(), listed.map(p -> p.pool().entitlementId()));
        var keys = this.pools.newestAvailable(visit.business(), KEYS_SHOWN).getOrElse(io.vavr.collection.HashMap.empty());
        var views = listed.map(p -> pool(p, keys.get(p.pool().entitlementId()).getOrElse(List.empty()), entitlements, refusedCount));
        var shown = notice.orElse(() -> Notice.from(ctx));
        var frame = console.frame("Pools", "/pools", visit, shown);
        pages.html(ctx, status, "console/pools.jte", new PoolsPage(refusedCount.isDefined() ? frame.refused() : frame, views,
                shown, report, mayChange));
    }

    /**
     * Each key by its {@link dev.grantor.domain.grant.LicenseKeyValue#suffix}, for a viewer and an operator alike: a
     * short key (under {@value ConsolePages#SHORT_KEY} characters) by none of its characters, as its grant page will
     * once the key is a customer's (four would be half of an eight-character key, and all of a four-character one);
     * its Void button names it by when it was added.
     */
    private Pool pool(PoolView view, List<PooledKey> available, Map<EntitlementId, Entitlement> entitlements,
                      Option<CountRefusal> refusedCount) {
        String entitlementId = view.pool().entitlementId().value();
        var keys = available.map(k -> new Key(k.id().value(), k.value().suffix(), k.status().wire(), ConsolePages.when(k.createdAt())));
        return new Pool(entitlementId, entitlements.get(view.pool().entitlementId()).map(e -> e.details().name())
                .getOrElse(entitlementId), view.available(), view.assigned(), view.voided(),
                view.waitingGrants(), view.pool().lowStockThreshold(), view.available() <= view.pool().lowStockThreshold(), keys,
                refusedCount.filter(refused -> refused.entitlementId().equals(entitlementId)));
    }

    /**
     * The pasted keys, sent as the upload's file is ({@code multipart/form-data}) and held to its limits: a form sent
     * urlencoded is bound by the server's body limit (64 KiB as encoded, a line break six bytes of it), which the page
     * could state in no figure an operator can check a paste against.
     */
    private void paste(Context ctx, Visit visit) {
        byte[] content = Option.of(ctx.formParam("keys")).getOrElse("").getBytes(StandardCharsets.UTF_8);
        if (content.length > MAX_UPLOAD_BYTES) {
            pools(ctx, visit, HttpStatus.CONTENT_TOO_LARGE, Option.some(new Notice("bad", "The pasted keys are larger than "
                    + MAX_UPLOAD_BYTES / 1000 + " KB: paste fewer at a time.")), Option.none());
            return;
        }
        imported(ctx, visit, content, KeyFileFormat.TEXT, "pasted keys");
    }

    private void upload(Context ctx, Visit visit) throws IOException {
        UploadedFile file = ctx.uploadedFile("file");
        if (file == null || file.size() == 0) {
            pools(ctx, visit, HttpStatus.BAD_REQUEST, Option.some(new Notice("bad", "Choose a file to upload.")), Option.none());
            return;
        }
        if (file.size() > MAX_UPLOAD_BYTES) {
            pools(ctx, visit, HttpStatus.CONTENT_TOO_LARGE, Option.some(new Notice("bad", "The file is larger than "
                    + MAX_UPLOAD_BYTES / 1000 + " KB: split it.")), Option.none());
            return;
        }
        byte[] content;
        try (InputStream in = file.content()) {
            content = in.readNBytes(MAX_UPLOAD_BYTES);
        }
        var format = file.filename().toLowerCase(Locale.ROOT).endsWith(".csv") ? KeyFileFormat.CSV : KeyFileFormat.TEXT;
        imported(ctx, visit, content, format, "file " + file.filename());
    }

    private void imported(Context ctx, Visit visit, byte[] content, KeyFileFormat format, String source) {
        String entitlement = ctx.pathParam("entitlement");
        console.recorded(visit, "imported pooled keys", entitlement, "from " + source,
                () -> this.pools.importFile(visit.business(), entitlement, format, content)).fold(error -> {
            pools(ctx, visit, RealmPages.status(error), Option.some(new Notice("bad", ConsolePages.text(error))), Option.none());
            return null;
        }, outcome -> {
            var report = outcome.value();
            pools(ctx, visit, HttpStatus.OK, Option.some(new Notice("good", summary(report))), Option.some(report(entitlement, report)));
            return null;
        });
    }

    private void voidKey(Context ctx, Visit visit) {
        String entitlement = ctx.pathParam("entitlement");
        String key = ctx.pathParam("key");
        console.recorded(visit, "voided a pooled key", entitlement, "pooled key " + key,
                () -> this.pools.voidKey(visit.business(), entitlement, key)).fold(error -> {
            pools(ctx, visit, RealmPages.status(error), Option.some(new Notice("bad", ConsolePages.text(error))), Option.none());
            return null;
        }, voided -> {
            pages.seeOther(ctx, "/pools?done=voided");
            return null;
        });
    }

    private void fulfillOldest(Context ctx, Visit visit) {
        String entitlement = ctx.pathParam("entitlement");
        int n = Option.of(ctx.formParam("n")).flatMap(ConsolePages::number).getOrElse(0);
        if (n < 1 || n > 1000) {
            pools(ctx, visit, HttpStatus.UNPROCESSABLE_CONTENT, Option.none(), Option.none(), Option.some(new CountRefusal(
                    entitlement, Option.of(ctx.formParam("n")).getOrElse(""), "How many grants: a whole number from 1 to 1000.")));
            return;
        }
        var refused = fillOldest(visit, entitlement, n);
        if (refused.isDefined()) {
            pools(ctx, visit, RealmPages.status(refused.get()), Option.some(new Notice("bad", ConsolePages.text(refused.get()))), Option.none());
            return;
        }
        String back = Option.of(ctx.formParam("back")).getOrElse("");
        pages.seeOther(ctx, back.equals("queue") ? "/?done=bulk" : "/pools?done=bulk");
    }

    /**
     * Fills the {@code n} oldest waiting grants one by one, each grant's fill and its audit entry in one unit of work,
     * until the pool runs dry; a grant someone else fulfilled meanwhile is passed over. Answers the refusal that
     * stopped it before it filled any grant. An id that names none of the business's pools is not found, however many
     * grants wait: its empty queue must not read as "fulfilled".
     */
    private Option<GrantorError> fillOldest(Visit visit, String entitlement, int n) {
        var pool = this.pools.get(visit.business(), entitlement);
        if (pool.isLeft()) {
            return Option.some(pool.getLeft());
        }
        var waiting = List.<String>empty();
        for (int offset = 0; offset < n; offset += QUEUE_PAGE) {
            var page = this.grants.queue(visit.business(),
                    new GrantQueries.QueueQuery(entitlement, null, null, offset, Math.min(QUEUE_PAGE, n - offset)));
            if (page.isLeft()) {
                return Option.some(page.getLeft());
            }
            waiting = waiting.appendAll(page.get().entries().map(entry -> entry.grant().grant().id().value()));
        }
        int filled = 0;
        for (String grant : waiting) {
            var result = console.recorded(visit, "fulfilled from the pool", grant, "bulk",
                    () -> this.pools.fulfillFromPool(visit.business(), grant));
            if (result.isRight()) {
                filled++;
            } else if (!(result.getLeft() instanceof GrantorError.GrantNotPending)) {
                return filled == 0 ? Option.some(result.getLeft()) : Option.none();
            }
        }
        return Option.none();
    }

    static String summary(ImportReport report) {
        return report.imported() + " imported, " + counted(report.duplicates(), "duplicate", "duplicates") + ", "
                + report.invalid() + " invalid; " + counted(report.fulfilledGrants(), "waiting grant", "waiting grants")
                + " fulfilled.";
    }

    private static String counted(long n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }

    private static Report report(String entitlement, ImportReport report) {
        return new Report(entitlement, report.results().map(r -> new Line(r.line(), r.status().wire(), r.error().getOrElse(""))));
    }

    /** {@code suffix} is the key's last four characters, empty when the page shows nothing of the key. */
    public record Key(String id, String suffix, String status, String added) {
        /** What a screen reader hears for the key's Void button: the key by its ending, a short one by when it was added. */
        public String voidLabel() {
            return suffix.isEmpty() ? "Void the short key added " + added : "Void the key ending " + suffix;
        }
    }

    public record Pool(String entitlementId, String entitlementName, long available, long assigned, long voided, long waiting,
                       int threshold, boolean low, List<Key> keys, Option<CountRefusal> refusedCount) {
        /** What the count field holds: what was typed when it was refused, else as many as can be filled. */
        public String count() {
            return refusedCount.map(CountRefusal::typed).getOrElse(() -> Long.toString(Math.min(available, waiting)));
        }

        public String countError() {
            return refusedCount.map(CountRefusal::error).getOrElse("");
        }
    }

    /** A refused "fill the N oldest": the pool it was for, what was typed, why. */
    public record CountRefusal(String entitlementId, String typed, String error) {}

    public record Line(int line, String status, String error) {}

    public record Report(String entitlementId, List<Line> lines) {}

    public record PoolsPage(Frame frame, List<Pool> pools, Option<Notice> notice, Option<Report> report, boolean mayChange) {
        /** What a paste or an upload may hold, said at its field before it is sent rather than after. */
        public String uploadLimits() {
            return "at most " + String.format(Locale.ROOT, "%,d", KeyPoolManagement.MAX_KEYS_PER_IMPORT) + " keys and "
                    + MAX_UPLOAD_BYTES / 1000 + " KB";
        }
    }
}
