/**
 * The operator console ({@code /console}): a merchant's staff work the queue of waiting grants, read a grant's
 * timeline, search grants, keep pools stocked, and look after webhooks and the outbox.
 */
package dev.grantor.adapter.web.console;
