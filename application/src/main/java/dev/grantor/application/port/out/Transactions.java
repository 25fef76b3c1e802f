package dev.grantor.application.port.out;

import io.vavr.control.Either;
import java.util.function.Supplier;

/**
 * Units of work. Everything a unit does through the storage ports commits together, or not at all: a
 * unit that returns {@code Left} or throws leaves nothing behind. Nesting joins the outer unit.
 */
public interface Transactions {

    /** Runs a unit that writes; commits on {@code Right}, rolls back on {@code Left} or any exception. */
    <L, R> Either<L, R> write(Supplier<Either<L, R>> unit);

    /** Runs a unit that only reads, on one consistent view where the store offers one. */
    <T> T read(Supplier<T> unit);
}
