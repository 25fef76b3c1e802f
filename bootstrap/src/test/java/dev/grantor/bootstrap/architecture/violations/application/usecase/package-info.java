@PrimaryPort
package dev.grantor.bootstrap.architecture.violations.application.usecase;

import org.jmolecules.architecture.hexagonal.PrimaryPort;
