/**
 * The storage ports on SQL databases through one JDBC implementation (Jdbi, HikariCP, Flyway): PostgreSQL
 * for production, where any number of stateless nodes share one database, and SQLite as the embedded
 * default. {@link dev.grantor.adapter.persistence.JdbcStorage} is the entry point.
 */
@SecondaryAdapter
package dev.grantor.adapter.persistence;

import org.jmolecules.architecture.hexagonal.SecondaryAdapter;
