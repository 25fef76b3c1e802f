/**
 * Spring Boot auto-configuration for Grantor: a primary adapter that wires the engine into a Spring application,
 * as {@code bootstrap} does for the standalone service.
 */
@PrimaryAdapter
package dev.grantor.spring;

import org.jmolecules.architecture.hexagonal.PrimaryAdapter;
