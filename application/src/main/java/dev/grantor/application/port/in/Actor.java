package dev.grantor.application.port.in;

/**
 * Who made a change, as the audit trail keeps it ({@code audit_entries.actor}, one text): an operator of the console,
 * the business's owner (the command line), one of the business's API keys, or the host application that embeds the
 * engine and calls it directly. The trail has stored an operator's id and {@value #OWNER} bare since it began; the
 * kinds added later are spelled so that none reads as another: {@value #HOST} is a word no operator id can be, and an
 * API key is {@value #API_KEY} and the key's id. {@link Operator} refuses an id that would read back as another kind,
 * so {@code of(actor.recorded())} is always {@code actor}, and an operator's id and an API key's id never meet.
 */
public sealed interface Actor {

    String OWNER = SignIn.OWNER;
    String HOST = "host";
    String API_KEY = "api_key:";

    /** The stored form. */
    String recorded();

    /**
     * A stored actor: each text the engine writes reads back as the kind that wrote it, and any other as an operator's
     * id (the trail's first kind). {@value #API_KEY} alone, which no writer stores, is refused.
     */
    static Actor of(String recorded) {
        if (recorded.equals(OWNER)) {
            return new Owner();
        }
        if (recorded.equals(HOST)) {
            return new Host();
        }
        if (recorded.startsWith(API_KEY) && recorded.length() > API_KEY.length()) {
            return new ApiKey(recorded.substring(API_KEY.length()));
        }
        return new Operator(recorded);
    }

    /** An operator of the business's console, by its id. */
    record Operator(String id) implements Actor {
        public Operator {
            if (id == null || id.isBlank() || id.equals(OWNER) || id.equals(HOST) || id.startsWith(API_KEY)) {
                throw new IllegalArgumentException("an operator actor names an operator's id, not another kind of actor");
            }
        }

        @Override
        public String recorded() {
            return id;
        }
    }

    /** The business's owner: the command line, or a console link it printed. */
    record Owner() implements Actor {
        @Override
        public String recorded() {
            return OWNER;
        }
    }

    /** One of the business's API keys, by its id (never its token, nor any part of it). */
    record ApiKey(String id) implements Actor {
        public ApiKey {
            if (id == null || id.isBlank()) {
                throw new IllegalArgumentException("an API key actor names the key's id");
            }
        }

        @Override
        public String recorded() {
            return API_KEY + id;
        }
    }

    /**
     * The application that embeds the engine, calling a use case directly (no API key, no console session): what it did
     * is its own code's doing, and the trail can name no one more precisely.
     */
    record Host() implements Actor {
        @Override
        public String recorded() {
            return HOST;
        }
    }
}
