/**
 * The delivery email (shared/spec/email.md), sent for real: {@link dev.grantor.adapter.mail.SmtpMailer} over
 * SMTP with Jakarta Mail, or {@link dev.grantor.adapter.mail.PickupDirectoryMailer} as {@code .eml} files for
 * the embedded default. Both build the same message with {@link dev.grantor.adapter.mail.DeliveryMessage}.
 */
@SecondaryAdapter
package dev.grantor.adapter.mail;

import org.jmolecules.architecture.hexagonal.SecondaryAdapter;
