package dev.grantor.bootstrap;

import static dev.grantor.bootstrap.ConsoleOnTheServiceTest.csrf;
import static dev.grantor.bootstrap.ConsoleOnTheServiceTest.get;
import static dev.grantor.bootstrap.ConsoleOnTheServiceTest.signIn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.adapter.rest.RestSettings;
import dev.grantor.adapter.web.page.RealmPages;
import dev.grantor.application.HttpAnswer;
import dev.grantor.application.Grantor;
import dev.grantor.application.port.in.EntitlementCatalog.CreateEntitlement;
import dev.grantor.application.port.in.KeyPoolManagement.ListPooledKeys;
import dev.grantor.application.port.in.KeyPoolManagement.OpenPool;
import dev.grantor.domain.entitlement.IntegrationConfig.LicenseKeyConfig;
import dev.grantor.domain.shared.BusinessId;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Pools page's key file upload on the service's own server, with its real limits, through a real socket. The
 * server's body limit (64 KiB) binds forms and API bodies, not multipart ones: an upload of any size was read and spooled
 * whole before the page refused it past 1000 KB, and a form open to anyone (the sign-in) read a multipart body of any
 * size too. Now the page says its limits at the field; a file just under them is imported, one just over is the page
 * again with the reason, a body past the multipart bound is a "Too large" page without being read, and no key is added
 * by any refused upload.
 */
class ConsoleUploadLimitOnTheServiceTest {

    @TempDir
    Path dataDir;

    @Test
    void a_file_just_under_the_limit_is_imported_and_one_just_over_is_a_clear_page_that_adds_no_key() throws Exception {
        var settings = ServiceSettings.local(DatabaseSettings.embedded(dataDir), MailSettings.pickupDirectory()).withoutRelay();
        try (var service = Service.start(settings)) {
            var grantor = service.deployment().grantor();
            BusinessId business = grantor.access().createBusiness("Shop").get().id();
            String entitlement = grantor.entitlements().create(business, new CreateEntitlement("Pooled", LicenseKeyConfig.manual(),
                    null, null)).get().id().value();
            grantor.keyPools().open(business, entitlement, new OpenPool(null)).get();
            String session = signIn(ConsoleCommand.firstLink(service, settings).get(1).strip());
            URI upload = service.url().resolve("/console/pools/" + entitlement + "/upload");

            var page = get(service.url().resolve("/console/pools"), session);
            assertThat(page.body()).as("the limits at the field, before a file is chosen")
                    .contains("Or upload a file of at most 10,000 keys and 1000 KB");
            String token = csrf(page.body());

            String underTheLimit = keys("UNDER", 10_000, RealmPages.MAX_UPLOAD_BYTES);
            assertThat(underTheLimit.length()).isBetween(RealmPages.MAX_UPLOAD_BYTES - 10_000, RealmPages.MAX_UPLOAD_BYTES);
            var imported = send(upload, session, token, underTheLimit, true);
            assertThat(imported.statusCode()).isEqualTo(200);
            assertThat(imported.body()).contains("10000 imported, 0 duplicates, 0 invalid");
            assertThat(available(grantor, business, entitlement)).isEqualTo(10_000);

            var justOver = send(upload, session, token, keys("OVER", 5_000, RealmPages.MAX_UPLOAD_BYTES + 1), true);
            assertThat(justOver.statusCode()).isEqualTo(413);
            assertThat(justOver.body()).contains("<h1>Pools</h1>").contains("The file is larger than 1000 KB: split it.");

            String pastTheBound = keys("PAST", 5_000, RealmPages.MAX_MULTIPART_BYTES + 1);
            var declaredTooLarge = headOnly(upload, session, RealmPages.MAX_MULTIPART_BYTES + 1);
            assertThat(declaredTooLarge.status()).as("declared length, answered before its body is sent").isEqualTo(413);
            assertThat(declaredTooLarge.contentType()).startsWith("text/html");
            assertThat(declaredTooLarge.body()).contains("<h1>Too large</h1>").contains("nothing was changed");
            var chunkedTooLarge = send(upload, session, token, pastTheBound, false);
            assertThat(chunkedTooLarge.statusCode()).as("chunked, stopped while read").isEqualTo(413);
            assertThat(chunkedTooLarge.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
            assertThat(chunkedTooLarge.body()).contains("<h1>Too large</h1>").contains("nothing was changed");
            assertThat(available(grantor, business, entitlement)).as("no key of a refused upload").isEqualTo(10_000);

            var broken = ConsoleOnTheServiceTest.CLIENT.send(HttpRequest.newBuilder(upload).header("Cookie", session)
                    .header("Content-Type", "multipart/form-data; boundary=b")
                    .POST(HttpRequest.BodyPublishers.ofString("not multipart")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(broken.statusCode()).isEqualTo(400);
            assertThat(broken.body()).contains("<h1>Not understood</h1>");

            var signInForm = headOnly(service.url().resolve("/console/login"), "", pastTheBound.length());
            assertThat(signInForm.status()).as("a form open to anyone takes no file, answered before its body is sent").isEqualTo(415);
        }
    }

    /**
     * The paste field, held to the upload's limits and saying them: it sends its keys as the upload sends its file
     * ({@code multipart/form-data}), where a form sent urlencoded was bound by the server's 64 KiB body limit as encoded
     * (about 1,800 keys of 30 characters, a line break six bytes of it), which the page did not say. Just under the limit
     * the keys are imported whole (the line breaks a browser sends, CRLF); just over, the Pools page says why; past the
     * multipart bound a "Too large" page; a form posted urlencoded past the server's limit a "Too large" page too (not
     * Jetty's text); no key of any refused paste is added.
     */
    @Test
    void pasted_keys_just_under_the_stated_limit_are_imported_and_just_over_it_a_clear_page_adds_no_key() throws Exception {
        var settings = ServiceSettings.local(DatabaseSettings.embedded(dataDir), MailSettings.pickupDirectory()).withoutRelay();
        try (var service = Service.start(settings)) {
            var grantor = service.deployment().grantor();
            BusinessId business = grantor.access().createBusiness("Shop").get().id();
            String entitlement = grantor.entitlements().create(business, new CreateEntitlement("Pooled", LicenseKeyConfig.manual(),
                    null, null)).get().id().value();
            grantor.keyPools().open(business, entitlement, new OpenPool(null)).get();
            String session = signIn(ConsoleCommand.firstLink(service, settings).get(1).strip());
            URI paste = service.url().resolve("/console/pools/" + entitlement + "/keys");

            var page = get(service.url().resolve("/console/pools"), session);
            assertThat(page.body()).as("the limits at the field, before a paste")
                    .contains("Paste keys, one per line, at most 10,000 keys and 1000 KB")
                    .contains("action=\"/console/pools/" + entitlement + "/keys\" enctype=\"multipart/form-data\"");
            String token = csrf(page.body());

            var accented = send(paste, session, token, "CLÉ-ÄÖÜ-✓-0001-WXYZ\r\n", true, "keys");
            assertThat(accented.body()).as("a pasted key's letters as typed").contains("1 imported, 0 duplicates, 0 invalid");
            assertThat(grantor.keyPools().keys(business, entitlement, new ListPooledKeys(1, 0, "available")).get()
                    .map(key -> key.value().value())).containsExactly("CLÉ-ÄÖÜ-✓-0001-WXYZ");

            String underTheLimit = keys("UNDER", 10_000, RealmPages.MAX_UPLOAD_BYTES, "\r\n");
            assertThat(underTheLimit.length()).isBetween(RealmPages.MAX_UPLOAD_BYTES - 10_000, RealmPages.MAX_UPLOAD_BYTES);
            var imported = send(paste, session, token, underTheLimit, true, "keys");
            assertThat(imported.statusCode()).isEqualTo(200);
            assertThat(imported.body()).contains("10000 imported, 0 duplicates, 0 invalid");
            assertThat(available(grantor, business, entitlement)).isEqualTo(10_001);

            var justOver = send(paste, session, token, keys("OVER", 5_000, RealmPages.MAX_UPLOAD_BYTES + 1, "\r\n"), true, "keys");
            assertThat(justOver.statusCode()).isEqualTo(413);
            assertThat(justOver.body()).contains("<h1>Pools</h1>").contains("The pasted keys are larger than 1000 KB: paste fewer");

            String pastTheBound = keys("PAST", 5_000, RealmPages.MAX_MULTIPART_BYTES + 1, "\r\n");
            var declaredTooLarge = headOnly(paste, session, RealmPages.MAX_MULTIPART_BYTES + 1);
            assertThat(declaredTooLarge.status()).as("declared length, answered before its body is sent").isEqualTo(413);
            assertThat(declaredTooLarge.body()).contains("<h1>Too large</h1>").contains("nothing was changed");
            var chunkedTooLarge = send(paste, session, token, pastTheBound, false, "keys");
            assertThat(chunkedTooLarge.statusCode()).as("chunked, stopped while read").isEqualTo(413);
            assertThat(chunkedTooLarge.body()).contains("<h1>Too large</h1>").contains("nothing was changed");

            // a form posted urlencoded (a page served before this one, a script) is held to the server's body limit
            String head = "_csrf=" + URLEncoder.encode(token, StandardCharsets.UTF_8) + "&keys=";
            int formLimit = RestSettings.DEFAULT_MAX_BODY_BYTES;
            var encodedUnder = postForm(paste, session, head + encodedKeys("FORM", formLimit - head.length()));
            assertThat(encodedUnder.statusCode()).isEqualTo(200);
            assertThat(encodedUnder.body()).contains("<h1>Pools</h1>").contains(" imported, 0 duplicates, 0 invalid");
            long afterTheForm = available(grantor, business, entitlement);
            assertThat(afterTheForm).isGreaterThan(10_001);
            var encodedOver = postForm(paste, session, head + encodedKeys("FORMOVER", formLimit + 1 - head.length()));
            assertThat(encodedOver.statusCode()).isEqualTo(413);
            assertThat(encodedOver.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
            assertThat(encodedOver.body()).contains("<h1>Too large</h1>").contains("nothing was changed");

            assertThat(available(grantor, business, entitlement)).as("no key of a refused paste").isEqualTo(afterTheForm);
        }
    }

    /** Keys as a urlencoded form carries them, a browser's CRLF between two, exactly {@code bytes} long. */
    private static String encodedKeys(String prefix, int bytes) {
        var keys = new StringBuilder(bytes);
        for (int i = 0; keys.length() + 40 < bytes; i++) {
            keys.append(prefix).append('-').append(String.format(java.util.Locale.ROOT, "%08d", i)).append("-KKKKKKKKKK%0D%0A");
        }
        while (keys.length() < bytes) {
            keys.append('K');
        }
        return keys.toString();
    }

    private static HttpResponse<String> postForm(URI uri, String session, String form) throws Exception {
        return ConsoleOnTheServiceTest.CLIENT.send(HttpRequest.newBuilder(uri).header("Cookie", session)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static long available(Grantor grantor, BusinessId business, String entitlement) {
        return grantor.keyPools().get(business, entitlement).get().available();
    }

    /** {@code count} distinct keys, one a line, padded so the file is {@code bytes} long. */
    private static String keys(String prefix, int count, int bytes) {
        return keys(prefix, count, bytes, "\n");
    }

    /** As above, {@code lineBreak} after each key. */
    private static String keys(String prefix, int count, int bytes, String lineBreak) {
        int width = bytes / count - lineBreak.length();
        var file = new StringBuilder(bytes);
        for (int i = 0; i < count; i++) {
            String key = prefix + "-" + i + "-";
            file.append(key).append("K".repeat(Math.max(0, width - key.length()))).append(lineBreak);
        }
        while (file.length() < bytes) {
            file.insert(0, 'K');
        }
        return file.toString();
    }

    /** The form the page's upload sends, with its declared length or sent in chunks without one. */
    /**
     * A multipart POST's head alone, declaring {@code length} bytes it never sends: the answer must come without the
     * body, and no refused write of a body the server will not read can cut it short (as a client sending the whole
     * body sometimes saw under load: the server answered and closed while the body was still going out).
     */
    private static HttpAnswer headOnly(URI uri, String session, int length) {
        return HttpAnswer.exchange(uri.getPort(), "POST " + uri.getRawPath() + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + (session.isEmpty() ? "" : "Cookie: " + session + "\r\n")
                + "Content-Type: multipart/form-data; boundary=----grantor-upload-test\r\nContent-Length: " + length + "\r\n\r\n");
    }

    private static HttpResponse<String> send(URI uri, String session, String token, String content, boolean declared)
            throws Exception {
        return send(uri, session, token, content, declared, "file");
    }

    /** As above, {@code content} the file ({@code field} "file") or the pasted keys ({@code field} "keys", no file name). */
    private static HttpResponse<String> send(URI uri, String session, String token, String content, boolean declared,
                                             String field) throws Exception {
        String boundary = "----grantor-upload-test";
        var body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n" + token + "\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.writeBytes(("--" + boundary + (field.equals("file")
                ? "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"keys.txt\"\r\nContent-Type: text/plain\r\n\r\n"
                : "\r\nContent-Disposition: form-data; name=\"" + field + "\"\r\n\r\n")).getBytes(StandardCharsets.UTF_8));
        body.writeBytes(content.getBytes(StandardCharsets.UTF_8));
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        byte[] bytes = body.toByteArray();
        var request = HttpRequest.newBuilder(uri).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(declared ? HttpRequest.BodyPublishers.ofByteArray(bytes)
                        : HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes)));
        if (!session.isEmpty()) {
            request.header("Cookie", session);
        }
        return ConsoleOnTheServiceTest.CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
