@PrimaryAdapter
package dev.grantor.bootstrap.architecture.violations.adapter.web;

import org.jmolecules.architecture.hexagonal.PrimaryAdapter;
