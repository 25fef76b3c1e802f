package dev.grantor.adapter.mail;

import dev.grantor.application.port.out.DeliveryEmail;
import dev.grantor.application.port.out.Email;
import dev.grantor.application.port.out.PortalEmail;
import dev.grantor.application.port.out.Mailer;
import dev.grantor.application.port.out.SendOutcome;
import dev.grantor.application.port.out.SendOutcome.PermanentFailure;
import dev.grantor.application.port.out.SendOutcome.TemporaryFailure;
import dev.grantor.domain.shared.GrantId;
import io.vavr.collection.List;
import jakarta.mail.MessagingException;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.InstantSource;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * The embedded default: each delivery email becomes an RFC 5322 file, {@code <grant id>.eml}, that any mail
 * client opens, so a newcomer sees the delivered key without a mail server. A file appears complete or not
 * at all: it is written under a hidden temporary name in the same directory, synced, then renamed over the
 * final name in one atomic step, so a resend after a crash replaces the file with the same message.
 */
public final class PickupDirectoryMailer implements Mailer {

    public static final String EXTENSION = ".eml";

    private static final Logger LOG = System.getLogger(PickupDirectoryMailer.class.getName());

    private final Path directory;
    private final Sender sender;
    private final InstantSource clock;
    private final MailMetrics metrics;
    /** Readable by the service's user alone, as a temporary file would be: the files hold license keys. */
    private final FileAttribute<?>[] ownerOnly;

    private static final Set<StandardOpenOption> NEW_FILE = Set.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW);

    public PickupDirectoryMailer(Path directory, Sender sender, InstantSource clock, MailMetrics metrics) {
        if (directory == null || sender == null || clock == null || metrics == null) {
            throw new IllegalArgumentException("a pickup directory mailer needs a directory, a sender, a clock and metrics");
        }
        this.directory = directory.toAbsolutePath();
        this.ownerOnly = this.directory.getFileSystem().supportedFileAttributeViews().contains("posix")
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                : new FileAttribute<?>[0];
        StreamProviderChoice.settle();
        this.sender = sender;
        this.clock = clock;
        this.metrics = metrics;
    }

    public Path directory() {
        return directory;
    }

    /** Where the delivery email of this grant is, once written. */
    public Path fileOf(GrantId grant) {
        return directory.resolve(grant.value() + EXTENSION);
    }

    /**
     * Where this email is, once written: a replacement key's email and a resent one beside the first delivery, not over
     * it; a portal email under its outbox id.
     */
    public Path fileOf(Email email) {
        return switch (email) {
            case DeliveryEmail delivery when delivery.resent() ->
                    directory.resolve(delivery.grantId().value() + ".resend." + delivery.outboxId() + EXTENSION);
            case DeliveryEmail delivery -> delivery.replacesAKey()
                    ? directory.resolve(delivery.grantId().value() + "." + delivery.outboxId() + EXTENSION)
                    : fileOf(delivery.grantId());
            case PortalEmail console when console.kind() == PortalEmail.Kind.CONSOLE_LINK ->
                    directory.resolve("sign-in-" + console.outboxId() + EXTENSION);
            case PortalEmail portal -> directory.resolve(portal.outboxId() + EXTENSION);
        };
    }

    @Override
    public List<SendOutcome> send(List<? extends Email> emails) {
        try {
            Files.createDirectories(directory);
        } catch (IOException | RuntimeException e) {
            var unwritable = new TemporaryFailure(SmtpFailure.reason("cannot create " + directory, e));
            return emails.map(email -> record(email, unwritable));
        }
        var written = emails.size() == 1 ? emails.map(this::write) : writeTogether(emails);
        if (written.exists(outcome -> outcome instanceof SendOutcome.Sent)) {
            // one sync of the directory makes every rename of the batch durable; nothing is reported sent before it
            syncDirectory();
        }
        return emails.zipWith(written, this::record);
    }

    /** How many files of one batch are written and synced at the same time. */
    static final int FILES_IN_FLIGHT = 16;

    /**
     * Each file is synced before it is renamed into place, and a sync waits for the disk. Syncs in flight together share
     * the file system's journal commits, so a batch written side by side takes about as long as a few syncs instead of
     * one per email: the relay keeps up with the requests instead of falling behind them. The outcomes keep the batch's order.
     */
    private List<SendOutcome> writeTogether(List<? extends Email> emails) {
        var inFlight = new Semaphore(FILES_IN_FLIGHT);
        try (var writers = Executors.newVirtualThreadPerTaskExecutor()) {
            var pending = emails.map(email -> writers.submit(() -> {
                inFlight.acquire();
                try {
                    return write(email);
                } finally {
                    inFlight.release();
                }
            }));
            return pending.map(PickupDirectoryMailer::outcome);
        }
    }

    private static SendOutcome outcome(Future<SendOutcome> written) {
        try {
            return written.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new TemporaryFailure("interrupted while writing the email");
        } catch (ExecutionException e) {
            return new TemporaryFailure(SmtpFailure.reason("cannot write the email", e.getCause()));
        }
    }

    private SendOutcome write(Email email) {
        byte[] bytes;
        try {
            bytes = MailMessage.of(email, sender).toBytes(clock.instant());
        } catch (MessagingException | RuntimeException e) {
            return new PermanentFailure(SmtpFailure.reason("the message cannot be built", e));
        }
        Path target = fileOf(email);
        Path temporary = null;
        try {
            // a dot name: readers listing *.eml never see it, and it shares the target's file system; a random part (not
            // a secret: the file is created new, never opened if it exists) keeps two relays that both hold the
            // message after a lease ran out from writing one file
            Path candidate = directory.resolve("." + email.outboxId() + "-"
                    + Long.toUnsignedString(java.util.concurrent.ThreadLocalRandom.current().nextLong(), 36) + ".tmp");
            try (FileChannel channel = FileChannel.open(candidate, NEW_FILE, ownerOnly)) {
                temporary = candidate;
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
            temporary = null;
            return SendOutcome.SENT;
        } catch (IOException | RuntimeException e) {
            return new TemporaryFailure(SmtpFailure.reason("cannot write " + target.getFileName(), e));
        } finally {
            deleteQuietly(temporary);
        }
    }

    /** Makes the rename itself durable; not every platform can open a directory, and there it is skipped. */
    private void syncDirectory() {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            LOG.log(Level.TRACE, "directory sync not available here: {0}", e.getMessage());
        }
    }

    private SendOutcome record(Email email, SendOutcome outcome) {
        String described = MailMessage.of(email, sender).description();
        switch (outcome) {
            case SendOutcome.Sent s -> {
                metrics.accepted();
                LOG.log(Level.INFO, "{0} written to {1}", described, fileOf(email));
            }
            case TemporaryFailure f -> {
                metrics.deferred();
                LOG.log(Level.WARNING, "{0} not written: {1}", described, LoggedReason.of(email, f.reason()));
            }
            case PermanentFailure f -> {
                metrics.rejected();
                LOG.log(Level.WARNING, "{0} cannot be built: {1}", described, LoggedReason.of(email, f.reason()));
            }
        }
        return outcome;
    }

    private static void deleteQuietly(Path temporary) {
        if (temporary == null) {
            return;
        }
        try {
            Files.deleteIfExists(temporary);
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "left a temporary file behind: {0}", temporary);
        }
    }
}
