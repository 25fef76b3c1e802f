package dev.grantor.application.memory;

import io.vavr.collection.HashMap;
import io.vavr.collection.Map;

/**
 * The whole in-memory store as one immutable value. A unit of work edits its own copy and publishes it on
 * commit, so a unit that fails is simply forgotten; the copies are cheap because the maps are persistent.
 */
record Tables(Map<Slot<?>, Object> slots) {

    static final Tables EMPTY = new Tables(HashMap.empty());

    /** One table (or index) of the store, with the value it has when nothing was stored yet. */
    static final class Slot<T> {
        private final String name;
        private final T empty;

        Slot(String name, T empty) {
            this.name = name;
            this.empty = empty;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    @SuppressWarnings("unchecked")
    <T> T get(Slot<T> slot) {
        return (T) slots.get(slot).getOrElse(slot.empty);
    }

    <T> Tables with(Slot<T> slot, T value) {
        return new Tables(slots.put(slot, value));
    }
}
