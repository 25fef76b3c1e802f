package dev.grantor.application.view;

import java.util.List;
import java.util.function.Function;

/** {@code {"items": [...]}}, the shape of every list the HTTP API answers. */
public record Listing<T>(List<T> items) {

    public Listing {
        items = List.copyOf(items);
    }

    public static <S, T> Listing<T> of(io.vavr.collection.List<S> items, Function<? super S, ? extends T> view) {
        return new Listing<>(items.<T>map(view).toJavaList());
    }
}
