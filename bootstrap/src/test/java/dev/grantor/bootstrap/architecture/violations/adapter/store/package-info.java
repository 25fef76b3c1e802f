@SecondaryAdapter
package dev.grantor.bootstrap.architecture.violations.adapter.store;

import org.jmolecules.architecture.hexagonal.SecondaryAdapter;
