package dev.grantor.adapter.rest;

import dev.grantor.domain.shared.GrantorError;
import io.vavr.control.Either;

/** Turns a use case's answer into a reply: the error's code and status, or the body with a success status. */
final class Replies {

    private Replies() {}

    static Reply ok(Either<GrantorError, ?> result) {
        return with(200, result);
    }

    static Reply with(int status, Either<GrantorError, ?> result) {
        return result.fold(ErrorReplies::of, body -> Reply.json(status, body));
    }
}
