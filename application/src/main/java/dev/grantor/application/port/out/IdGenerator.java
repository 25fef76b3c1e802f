package dev.grantor.application.port.out;

/**
 * New identifiers: the prefix, then 21 characters of {@code [0-9A-Za-z]} whose first characters encode the
 * creation time (ids sort roughly by creation) and whose rest is random.
 */
public interface IdGenerator {

    String next(String prefix);
}
