/**
 * Outgoing webhooks over HTTP: {@link dev.grantor.adapter.webhooks.HttpWebhookSender} posts what the
 * engine's dispatcher signed, with the JDK {@code HttpClient}. It never follows a redirect, reads at most
 * 64 KiB of an answer, keeps to the dispatcher's timeouts, and refuses endpoints that resolve to this
 * service's own listening address.
 */
@SecondaryAdapter
package dev.grantor.adapter.webhooks;

import org.jmolecules.architecture.hexagonal.SecondaryAdapter;
