package dev.grantor.doctests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.application.webhook.WebhookSignature;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Method;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The receiver's check in README.md ("Receiving webhooks"), compiled as printed with the JDK alone, then given
 * signatures made by Grantor's own signer: what a merchant copies must accept Grantor's webhooks and refuse the rest.
 */
class WebhookVerifySnippetTest {

    @TempDir
    static Path work;

    static Method verify;

    @BeforeAll
    static void compileTheDocumentedMethod() throws Exception {
        String source = """
                import java.nio.charset.StandardCharsets;
                import java.security.MessageDigest;
                import java.time.Instant;
                import java.util.Base64;
                import javax.crypto.Mac;
                import javax.crypto.spec.SecretKeySpec;

                public class Receiver {
                %s}
                """.formatted(Manual.snippet("../README.md", "webhook-verify"));
        Path file = Files.writeString(Files.createDirectories(work.resolve("src")).resolve("Receiver.java"), source);
        Path classes = Files.createDirectories(work.resolve("classes"));
        var diagnostics = new ByteArrayOutputStream();
        int compiled = ToolProvider.getSystemJavaCompiler().run(null, diagnostics, diagnostics,
                "--release", "17", "-Xlint:all", "-Werror", "-proc:none", "-cp", classes.toString(), "-d", classes.toString(),
                file.toString());
        assertThat(compiled).as(diagnostics.toString(StandardCharsets.UTF_8)).isZero();
        var loader = new URLClassLoader(new java.net.URL[] {classes.toUri().toURL()}, null);
        verify = loader.loadClass("Receiver").getDeclaredMethod("verify", String.class, String.class, String.class, String.class,
                String.class);
        verify.setAccessible(true);
    }

    static boolean verify(String secret, String id, String timestamp, String signatures, String body) throws Exception {
        return (Boolean) verify.invoke(null, secret, id, timestamp, signatures, body);
    }

    @Test
    void accepts_what_grantor_signed_and_refuses_another_body_another_secret_and_an_old_timestamp() throws Exception {
        String secret = WebhookSignature.newSecret(new SecureRandom());
        String other = WebhookSignature.newSecret(new SecureRandom());
        String id = "msg_0VcBEqGLVlgS27y2njWM0";
        long now = Instant.now().getEpochSecond();
        String body = "{\"type\":\"entitlement_grant.delivered\",\"data\":{\"name\":\"Ad\u00e9la\"}}";
        String signature = WebhookSignature.sign(secret, id, now, body);

        assertThat(verify(secret, id, Long.toString(now), signature, body)).isTrue();
        assertThat(verify(secret, id, Long.toString(now), WebhookSignature.sign(other, id, now, body) + " " + signature, body))
                .as("one good signature among several").isTrue();
        assertThat(verify(secret, id, Long.toString(now), signature, body.replace("Ad\u00e9la", "Adela"))).isFalse();
        assertThat(verify(other, id, Long.toString(now), signature, body)).isFalse();
        assertThat(verify(secret, id, Long.toString(now - 301), WebhookSignature.sign(secret, id, now - 301, body), body))
                .as("a replay from over five minutes ago").isFalse();
    }
}
