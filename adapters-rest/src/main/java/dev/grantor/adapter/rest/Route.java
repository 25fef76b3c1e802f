package dev.grantor.adapter.rest;

import io.javalin.http.HandlerType;

/**
 * One endpoint: method, path template, who may call it, and what it does; {@code keyField} names a body field that
 * may carry the request's idempotency key in place of the header (null: none does). {@code inSteps}: the work
 * commits in units of its own, one after another (a restock's drain, a unit a grant), so an idempotent request's
 * answer is stored after them rather than in one unit around them all, which would hold the database's writer (or
 * the pool's lock) for the whole drain. {@code sealsAnswer}: the answer carries a sign-in secret the service otherwise
 * keeps only as a digest, so an idempotent request's answer is stored sealed under its key ({@link AnswerSeal}).
 */
record Route(HandlerType method, String path, Guard guard, Operation operation, Body body, String keyField,
             boolean inSteps, boolean sealsAnswer) {

    /** What a route reads: a JSON body of the API's usual size, or a file of keys (JSON, text or CSV, up to 4 MiB). */
    enum Body { JSON, KEY_FILE }

    Route(HandlerType method, String path, Guard guard, Operation operation) {
        this(method, path, guard, operation, Body.JSON, null, false, false);
    }

    /** This route with its idempotency key also read from the body's {@code field} when the header has none. */
    Route keyInBody(String field) {
        return new Route(method, path, guard, operation, body, field, inSteps, sealsAnswer);
    }

    /** This route with its answer stored sealed under the request's idempotency key. */
    Route answerSealed() {
        return new Route(method, path, guard, operation, body, keyField, inSteps, true);
    }

    /** Who may call an endpoint. */
    enum Guard {
        /** Any valid API key of the business. */
        MERCHANT_READ,
        /** A read-write API key of the business. */
        MERCHANT_WRITE,
        /** No key: the customer's installed software; rate limited per client address. */
        PUBLIC_LICENSE,
        /** No key: probes, scrapers and the API description. */
        OPERATIONS
    }

    @FunctionalInterface
    interface Operation {
        Reply handle(Call call);
    }

    static Route get(String path, Guard guard, Operation operation) {
        return new Route(HandlerType.GET, path, guard, operation);
    }

    static Route post(String path, Guard guard, Operation operation) {
        return new Route(HandlerType.POST, path, guard, operation);
    }

    /** A file of keys whose import then fulfills waiting grants, one unit each. */
    static Route postKeyFile(String path, Guard guard, Operation operation) {
        return new Route(HandlerType.POST, path, guard, operation, Body.KEY_FILE, null, true, false);
    }

    static Route patch(String path, Guard guard, Operation operation) {
        return new Route(HandlerType.PATCH, path, guard, operation);
    }

    static Route delete(String path, Guard guard, Operation operation) {
        return new Route(HandlerType.DELETE, path, guard, operation);
    }
}
