package dev.grantor.adapter.mail;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.application.port.out.DeliveryEmail;
import dev.grantor.application.port.out.SendOutcome;
import dev.grantor.application.port.out.SendOutcome.TemporaryFailure;
import io.vavr.collection.List;
import io.vavr.control.Option;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PickupDirectoryMailerTest {

    @TempDir
    Path directory;

    private final CountingMailMetrics metrics = new CountingMailMetrics();

    private PickupDirectoryMailer mailer() {
        return new PickupDirectoryMailer(directory.resolve("outgoing"), Sender.EMBEDDED_DEFAULT, Clock.systemUTC(), metrics);
    }

    private java.util.List<Path> emlFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(PickupDirectoryMailer.EXTENSION)).sorted().toList();
        }
    }

    @Nested
    class Each_delivery_email {

        @Test
        void a_replacement_key_is_written_beside_the_first_delivery_not_over_it() throws Exception {
            PickupDirectoryMailer mailer = mailer();
            DeliveryEmail first = DeliveryEmails.complete();
            DeliveryEmail replacement = new DeliveryEmail("msg_rotation1", first.grantId(), first.to(), first.customerName(),
                    first.entitlementName(), new dev.grantor.domain.grant.LicenseKeyValue("ROTATED-NEW-KEY"),
                    first.activationsLimit(), first.expiresAt(), first.activationMessage(), io.vavr.control.Option.some("4HTW"));

            assertThat(mailer.send(List.of(first, replacement))).containsOnly(SendOutcome.SENT);

            assertThat(mailer.fileOf(replacement).getFileName().toString()).isEqualTo(first.grantId().value() + ".msg_rotation1.eml");
            assertThat(ReceivedMail.parse(Files.readAllBytes(mailer.fileOf(first.grantId()))).text()).contains(first.key().value());
            assertThat(ReceivedMail.parse(Files.readAllBytes(mailer.fileOf(replacement))).text()).contains("ROTATED-NEW-KEY");
        }

        @Test
        void a_resent_email_is_written_beside_the_first_delivery_not_over_it() throws Exception {
            PickupDirectoryMailer mailer = mailer();
            DeliveryEmail first = DeliveryEmails.complete();
            DeliveryEmail resent = new DeliveryEmail("msg_resend1", first.grantId(), first.to(), first.customerName(),
                    first.entitlementName(), first.key(), first.activationsLimit(), first.expiresAt(), first.activationMessage(),
                    io.vavr.control.Option.none(), true);

            assertThat(mailer.send(List.of(first, resent))).containsOnly(SendOutcome.SENT);

            assertThat(mailer.fileOf(resent).getFileName().toString()).isEqualTo(first.grantId().value() + ".resend.msg_resend1.eml");
            assertThat(emlFiles(mailer.directory())).hasSize(2);
            assertThat(ReceivedMail.parse(Files.readAllBytes(mailer.fileOf(resent))).text()).contains("As requested", first.key().value());
        }

        @Test
        void becomes_one_file_named_by_its_grant_that_parses_as_mime() throws Exception {
            PickupDirectoryMailer mailer = mailer();
            List<DeliveryEmail> emails = List.of(DeliveryEmails.complete(), DeliveryEmails.minimal(),
                    DeliveryEmails.fresh(DeliveryEmails.complete()));

            assertThat(mailer.send(emails)).containsOnly(SendOutcome.SENT).hasSize(3);

            try (Stream<Path> all = Files.list(mailer.directory())) {
                assertThat(all.map(p -> p.getFileName().toString()).sorted().toList())
                        .containsExactlyElementsOf(emails.map(e -> e.grantId().value() + ".eml").sorted());
            }
            for (DeliveryEmail email : emails) {
                ReceivedMail mail = ReceivedMail.parse(Files.readAllBytes(mailer.fileOf(email.grantId())));
                assertThat(mail.contentType()).startsWith("multipart/alternative");
                assertThat(mail.message().getMessageID()).isEqualTo(email.messageId("localhost"));
                assertThat(mail.header(DeliveryMessage.GRANT_ID_HEADER)).isEqualTo(email.grantId().value());
                assertThat(mail.text()).contains(email.key().value());
                assertThat(mail.html()).contains(email.key().value());
            }
            assertThat(metrics.accepted).hasValue(3);
        }

        @Test
        void is_readable_by_the_service_alone_and_leaves_no_temporary_file() throws Exception {
            PickupDirectoryMailer mailer = mailer();
            var emails = List.of(DeliveryEmails.complete(), DeliveryEmails.minimal());

            assertThat(mailer.send(emails)).containsOnly(dev.grantor.application.port.out.SendOutcome.SENT);

            assertThat(emlFiles(mailer.directory())).hasSize(2);
            try (Stream<Path> all = Files.list(mailer.directory())) {
                assertThat(all.map(f -> f.getFileName().toString())).noneMatch(name -> name.endsWith(".tmp"));
            }
            if (mailer.directory().getFileSystem().supportedFileAttributeViews().contains("posix")) {
                for (var file : emlFiles(mailer.directory())) {
                    assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                            .isEqualTo("rw-------");
                }
            }
        }

        @Test
        void a_batch_written_side_by_side_leaves_each_file_whole_with_its_own_key_and_each_outcome_in_its_place() throws Exception {
            PickupDirectoryMailer mailer = mailer();
            var emails = List.range(0, 100).map(i -> DeliveryEmails.fresh(i % 2 == 0 ? DeliveryEmails.complete() : DeliveryEmails.minimal()));
            // the 51st cannot be renamed into place: a non-empty directory holds its name
            Path blocked = Files.createDirectories(mailer.fileOf(emails.get(50).grantId()));
            Files.writeString(blocked.resolve("keep"), "occupied");

            var outcomes = mailer.send(emails);

            assertThat(outcomes).hasSize(100);
            assertThat(outcomes.get(50)).isInstanceOf(TemporaryFailure.class);
            assertThat(outcomes.removeAt(50)).containsOnly(SendOutcome.SENT);
            for (var email : emails.removeAt(50)) {
                var message = ReceivedMail.parse(Files.readAllBytes(mailer.fileOf(email.grantId()))).message();
                assertThat(message.getMessageID()).isEqualTo(email.messageId("localhost"));
                assertThat(ReceivedMail.parse(Files.readAllBytes(mailer.fileOf(email.grantId()))).text()).contains(email.key().value());
            }
            try (Stream<Path> all = Files.list(mailer.directory())) {
                assertThat(all.map(f -> f.getFileName().toString())).noneMatch(name -> name.endsWith(".tmp"));
            }
        }

        @Test
        void a_resend_replaces_the_file_with_the_same_message() throws Exception {
            PickupDirectoryMailer mailer = mailer();
            DeliveryEmail email = DeliveryEmails.complete();

            mailer.send(List.of(email));
            mailer.send(List.of(email));

            assertThat(emlFiles(mailer.directory())).containsExactly(mailer.fileOf(email.grantId()));
            try (Stream<Path> all = Files.list(mailer.directory())) {
                assertThat(all.count()).isEqualTo(1);
            }
            assertThat(ReceivedMail.parse(Files.readAllBytes(mailer.fileOf(email.grantId()))).message().getMessageID())
                    .isEqualTo(email.messageId("localhost"));
        }

        @Test
        void a_directory_that_cannot_be_written_defers_the_message() throws Exception {
            Path notADirectory = Files.writeString(directory.resolve("occupied"), "a file, not a directory");
            PickupDirectoryMailer mailer =
                    new PickupDirectoryMailer(notADirectory, Sender.EMBEDDED_DEFAULT, Clock.systemUTC(), metrics);

            assertThat(mailer.send(List.of(DeliveryEmails.complete())).head()).isInstanceOf(TemporaryFailure.class);
            assertThat(metrics.deferred).hasValue(1);
        }
    }

    @Nested
    class A_reader_polling_the_directory {

        @Test
        void never_sees_a_partial_file_while_messages_are_written_and_rewritten() throws Exception {
            PickupDirectoryMailer mailer = mailer();
            // big enough that a plain write would be visible half-done (many write calls per file)
            String bulky = "Step by step activation guide. ".repeat(8_000);
            DeliveryEmail rewritten = withMessage(DeliveryEmails.complete(), bulky);
            Files.createDirectories(mailer.directory());

            AtomicBoolean writing = new AtomicBoolean(true);
            AtomicInteger reads = new AtomicInteger();
            ConcurrentLinkedQueue<String> broken = new ConcurrentLinkedQueue<>();
            Thread reader = Thread.ofPlatform().start(() -> {
                while (writing.get() || reads.get() == 0) {
                    try {
                        for (Path file : emlFiles(mailer.directory())) {
                            byte[] bytes;
                            try {
                                bytes = Files.readAllBytes(file);
                            } catch (NoSuchFileException replaced) {
                                continue;
                            }
                            reads.incrementAndGet();
                            if (!complete(bytes)) {
                                broken.add(file.getFileName() + ": incomplete, " + bytes.length + " bytes");
                            }
                        }
                    } catch (IOException e) {
                        broken.add("listing failed: " + e);
                    }
                }
            });

            List<DeliveryEmail> distinct = List.range(0, 8).map(i -> withMessage(DeliveryEmails.fresh(DeliveryEmails.complete()), bulky));
            for (int round = 0; round < 8; round++) {
                assertThat(mailer.send(List.of(rewritten, distinct.get(round)))).containsOnly(SendOutcome.SENT);
            }
            writing.set(false);
            reader.join();

            assertThat(broken).isEmpty();
            assertThat(reads.get()).isPositive();
            try (Stream<Path> all = Files.list(mailer.directory())) {
                // one file per grant, and no temporary file left behind
                assertThat(all.count()).isEqualTo(9);
            }
            assertThat(emlFiles(mailer.directory())).hasSize(9);
            for (Path file : emlFiles(mailer.directory())) {
                assertThat(ReceivedMail.parse(Files.readAllBytes(file)).html()).contains(bulky.strip());
            }
        }

        /** Cheap enough to run on every read: the header names the boundary, a complete file ends with its closing. */
        private static boolean complete(byte[] bytes) {
            String head = new String(bytes, 0, Math.min(bytes.length, 4096), java.nio.charset.StandardCharsets.ISO_8859_1);
            int at = head.indexOf("boundary=\"");
            if (at < 0) {
                return false;
            }
            String boundary = head.substring(at + 10, head.indexOf('"', at + 10));
            String tail = new String(bytes, Math.max(0, bytes.length - 256), Math.min(bytes.length, 256),
                    java.nio.charset.StandardCharsets.ISO_8859_1);
            return tail.endsWith("--" + boundary + "--\r\n");
        }

        private static DeliveryEmail withMessage(DeliveryEmail e, String message) {
            return new DeliveryEmail(e.outboxId(), e.grantId(), e.to(), e.customerName(), e.entitlementName(), e.key(),
                    e.activationsLimit(), e.expiresAt(), Option.some(message));
        }
    }
}
