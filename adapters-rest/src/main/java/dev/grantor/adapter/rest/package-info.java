/**
 * The HTTP API: the Dodo Payments compatible entitlements surface and Grantor's additions, served by
 * Javalin on Jetty. It maps JSON to the application's use-case commands and their results back to JSON,
 * and owns the concerns that exist only on the wire: API keys, idempotency keys, rate limits, request ids.
 */
@PrimaryAdapter
package dev.grantor.adapter.rest;

import org.jmolecules.architecture.hexagonal.PrimaryAdapter;
