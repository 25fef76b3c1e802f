package dev.grantor.adapter.web.console;

import dev.grantor.adapter.web.console.ConsolePages.Notice;
import dev.grantor.adapter.web.page.Frame;
import dev.grantor.adapter.web.page.RealmPages;
import dev.grantor.adapter.web.page.Visit;
import dev.grantor.application.port.in.EntitlementCatalog.ListEntitlements;
import dev.grantor.application.port.in.KeyPoolManagement.ImportReport;
import dev.grantor.application.port.in.KeyPoolManagement.KeyFileFormat;
import dev.grantor.application.port.in.KeyPoolManagement.ListPooledKeys;
import dev.grantor.application.port.in.KeyPoolManagement.PoolView;
import dev.grantor.domain.entitlement.Entitlement;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.UploadedFile;
import io.vavr.collection.List;
import io.vavr.control.Option;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The key pools: stock per pool, its low-stock threshold and waiting grants; keys pasted (one per line) or uploaded
 * (text, or CSV {@code key[,activations_limit][,expires_at]}) with a result per line; a key voided; the oldest waiting
 * grants fulfilled from the stock. A pooled key is shown by its last four characters only.
 */
public final class PoolPages {

    /** Larger files are refused before they are read: a pool is filled in batches, not in one upload. */
    static final int MAX_UPLOAD_BYTES = 1_000_000;

    private final ConsolePages console;
    private final RealmPages pages;
    private final ConsolePages.UseCases useCases;

    PoolPages(ConsolePages console) {
        this.console = console;
        this.pages = console.pages();
        this.useCases = console.useCases();
    }

    void routes() {
        pages.page("/pools", (ctx, visit) -> pools(ctx, visit, HttpStatus.OK, Option.none(), Option.none()));
        pages.action("/pools/{entitlement}/keys", this::paste);
        pages.action("/pools/{entitlement}/upload", this::upload);
        pages.action("/pools/{entitlement}/keys/{key}/void", this::voidKey);
        pages.action("/pools/{entitlement}/fulfill-oldest", this::fulfillOldest);
    }

    private void pools(Context ctx, Visit visit, HttpStatus status, Option<Notice> notice, Option<Report> report) {
        var entitlements = useCases.entitlements().list(visit.business(), new ListEntitlements(100, 0, null))
                .getOrElse(List.empty());
        var views = useCases.pools().list(visit.business()).getOrElse(List.empty()).map(p -> pool(visit, p, entitlements));
        pages.html(ctx, status, "console/pools.jte", new PoolsPage(console.frame("Pools", "/pools", visit), views,
                notice.orElse(() -> Notice.from(ctx)), report));
    }

    private Pool pool(Visit visit, PoolView view, List<Entitlement> entitlements) {
        String entitlementId = view.pool().entitlementId().value();
        var keys = useCases.pools().keys(visit.business(), entitlementId, new ListPooledKeys(50, 0, "available"))
                .getOrElse(List.empty())
                .map(k -> new Key(k.id().value(), k.value().suffix(), k.status().wire(), ConsolePages.when(k.createdAt())));
        return new Pool(entitlementId, entitlements.find(e -> e.id().value().equals(entitlementId))
                .map(e -> e.details().name()).getOrElse(entitlementId), view.available(), view.assigned(), view.voided(),
                view.waitingGrants(), view.pool().lowStockThreshold(), view.available() <= view.pool().lowStockThreshold(), keys);
    }

    private void paste(Context ctx, Visit visit) {
        String text = Option.of(ctx.formParam("keys")).getOrElse("");
        imported(ctx, visit, text.getBytes(StandardCharsets.UTF_8), KeyFileFormat.TEXT, "pasted keys");
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
        var format = file.filename().toLowerCase(java.util.Locale.ROOT).endsWith(".csv") ? KeyFileFormat.CSV : KeyFileFormat.TEXT;
        imported(ctx, visit, content, format, "file " + file.filename());
    }

    private void imported(Context ctx, Visit visit, byte[] content, KeyFileFormat format, String source) {
        String entitlement = ctx.pathParam("entitlement");
        useCases.pools().importFile(visit.business(), entitlement, format, content).fold(error -> {
            pools(ctx, visit, status(error), Option.some(new Notice("bad", ConsolePages.text(error))), Option.none());
            return null;
        }, report -> {
            console.record(visit, "imported pooled keys", entitlement, report.imported() + " imported from " + source);
            pools(ctx, visit, HttpStatus.OK, Option.some(new Notice("good", summary(report))), Option.some(report(entitlement, report)));
            return null;
        });
    }

    private void voidKey(Context ctx, Visit visit) {
        String entitlement = ctx.pathParam("entitlement");
        String key = ctx.pathParam("key");
        useCases.pools().voidKey(visit.business(), entitlement, key).fold(error -> {
            pools(ctx, visit, status(error), Option.some(new Notice("bad", ConsolePages.text(error))), Option.none());
            return null;
        }, voided -> {
            console.record(visit, "voided a pooled key", entitlement, "key ending " + voided.value().suffix());
            pages.seeOther(ctx, "/pools?done=voided");
            return null;
        });
    }

    private void fulfillOldest(Context ctx, Visit visit) {
        String entitlement = ctx.pathParam("entitlement");
        int n = Option.of(ctx.formParam("n")).flatMap(ConsolePages::number).getOrElse(0);
        if (n < 1 || n > 1000) {
            pools(ctx, visit, HttpStatus.UNPROCESSABLE_CONTENT, Option.some(new Notice("bad",
                    "How many grants: a whole number from 1 to 1000.")), Option.none());
            return;
        }
        useCases.pools().fulfillWaiting(visit.business(), entitlement, n).fold(error -> {
            pools(ctx, visit, status(error), Option.some(new Notice("bad", ConsolePages.text(error))), Option.none());
            return null;
        }, done -> {
            console.record(visit, "fulfilled the oldest waiting grants from the pool", entitlement, done.count() + " grants");
            done.grants().forEach(g -> console.record(visit, "fulfilled from the pool", g.value(), "bulk"));
            String back = Option.of(ctx.formParam("back")).getOrElse("");
            pages.seeOther(ctx, back.equals("queue") ? "/?done=bulk" : "/pools?done=bulk");
            return null;
        });
    }

    private static HttpStatus status(dev.grantor.domain.shared.GrantorError error) {
        return switch (error.code()) {
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case VALIDATION_FAILED, NOT_MANUAL_FULFILLMENT -> HttpStatus.UNPROCESSABLE_CONTENT;
            case INVALID_REQUEST -> HttpStatus.BAD_REQUEST;
            default -> HttpStatus.CONFLICT;
        };
    }

    private static String summary(ImportReport report) {
        return report.imported() + " imported, " + report.duplicates() + " duplicates, " + report.invalid() + " invalid; "
                + report.fulfilledGrants() + " waiting grants fulfilled.";
    }

    private static Report report(String entitlement, ImportReport report) {
        return new Report(entitlement, report.results().map(r -> new Line(r.line(), r.status().wire(), r.error().getOrElse(""))));
    }

    public record Key(String id, String suffix, String status, String added) {}

    public record Pool(String entitlementId, String entitlementName, long available, long assigned, long voided, long waiting,
                       int threshold, boolean low, List<Key> keys) {}

    public record Line(int line, String status, String error) {}

    public record Report(String entitlementId, List<Line> lines) {}

    public record PoolsPage(Frame frame, List<Pool> pools, Option<Notice> notice, Option<Report> report) {}
}
