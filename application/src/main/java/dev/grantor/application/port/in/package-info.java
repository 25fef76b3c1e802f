/**
 * Primary ports: everything Grantor does, as use cases a host calls in-process. Each takes the caller's
 * business (where there is one) and a command that Jakarta Validation checks at this edge; each answers
 * a value, success or a {@link dev.grantor.domain.shared.GrantorError}, never an exception for a business
 * outcome. Ids arrive as strings: a malformed id is simply not found.
 */
@PrimaryPort
package dev.grantor.application.port.in;

import org.jmolecules.architecture.hexagonal.PrimaryPort;
