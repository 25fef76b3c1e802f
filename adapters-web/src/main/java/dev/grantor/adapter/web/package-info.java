/**
 * The web faces: the operator console ({@code /console}) and the customer portal ({@code /portal}), served beside the
 * HTTP API on its server and port. Pages are rendered on the server from templates compiled at build time (jte,
 * escaping by default) and work without script. This package holds what both faces share: sign-in sessions of a
 * realm (a cookie per realm, each of its own name), CSRF tokens on every form, the refusal of forms posted from
 * another origin, the security headers, the versioned
 * static assets and the rendering. Each face lives in its own package and reaches the engine only through the
 * application's primary ports.
 */
@PrimaryAdapter
package dev.grantor.adapter.web;

import org.jmolecules.architecture.hexagonal.PrimaryAdapter;
