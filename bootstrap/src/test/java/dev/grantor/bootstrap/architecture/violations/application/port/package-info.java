@SecondaryPort
package dev.grantor.bootstrap.architecture.violations.application.port;

import org.jmolecules.architecture.hexagonal.SecondaryPort;
