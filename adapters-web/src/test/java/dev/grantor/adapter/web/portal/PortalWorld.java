package dev.grantor.adapter.web.portal;

import dev.grantor.adapter.mail.MailMetrics;
import dev.grantor.adapter.mail.PickupDirectoryMailer;
import dev.grantor.adapter.mail.Sender;
import dev.grantor.adapter.web.WebServer;
import dev.grantor.application.EngineFixture;
import dev.grantor.application.port.in.CustomerPortal.MintLink;
import dev.grantor.application.port.in.EntitlementCatalog.CreateEntitlement;
import dev.grantor.application.port.in.GrantIssuing.CustomerContact;
import dev.grantor.application.port.in.GrantIssuing.IssueGrant;
import dev.grantor.application.port.in.GrantView;
import dev.grantor.domain.shared.BusinessId;
import io.vavr.control.Option;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** A web server whose emails also land as {@code .eml} files in a pickup directory, and short ways to buy and sign in. */
final class PortalWorld implements AutoCloseable {

    private static final Pattern CODE = Pattern.compile("(?m)^ {4}([A-Z0-9]{6})\\s*$");

    final Path pickup;
    private final java.util.Set<Path> read = java.util.concurrent.ConcurrentHashMap.newKeySet();
    final WebServer server;

    PortalWorld() {
        server = new WebServer();
        pickup = server.pickup;
    }

    /** An auto license-key entitlement of the business with this activation limit and extra config. */
    String entitlement(BusinessId business, int limit, Map<String, Object> extra) {
        var config = new LinkedHashMap<String, Object>();
        config.put("fulfillment_mode", "auto");
        config.put("activations_limit", limit);
        config.putAll(extra);
        return server.grantor.entitlements().create(business, new CreateEntitlement("Pro Tools " + limit, EngineFixture.wireConfig("license_key", config),
                null, null)).get().id().value();
    }

    GrantView buy(BusinessId business, String entitlement, String email, String name) {
        return server.grantor.issuing().issue(business, entitlement,
                new IssueGrant(new CustomerContact(null, email, name), null, null, null)).get().grant();
    }

    String key(GrantView grant) {
        return grant.licenseKey().get().value().value();
    }

    /** A merchant-minted link, as {@code POST /customers/{id}/customer-portal/session} answers it. */
    String link(BusinessId business, GrantView grant) {
        return server.grantor.customerPortal().mintLink(business, new MintLink(grant.grant().customerId().value(), false, null),
                URI.create(server.url("/portal"))).get().link().toString();
    }

    /** Sends what the outbox holds, then reads the code of the one code email for this address not read before. */
    String codeFromTheEmail(String email) {
        server.relay();
        try (Stream<Path> files = Files.list(pickup)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".eml") && !read.contains(f))
                    .sorted(Comparator.comparing((Path f) -> f.getFileName().toString())).toList()) {
                String raw = Files.readString(file, StandardCharsets.ISO_8859_1);
                if (raw.contains("To: " + email) || raw.contains("<" + email + ">")) {
                    var matcher = CODE.matcher(raw.replace("\r\n", "\n"));
                    if (raw.contains("portal-code@") && matcher.find()) {
                        read.add(file);
                        return matcher.group(1);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new AssertionError("no code email for " + email + " in " + pickup + " (" + read.size() + " read before)");
    }

    @Override
    public void close() {
        server.close();
    }
}
