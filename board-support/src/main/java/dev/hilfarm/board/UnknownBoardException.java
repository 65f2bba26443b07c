package dev.hilfarm.board;

import java.util.Collection;

/** A board name that no profile defines; the message lists the names that exist. */
public final class UnknownBoardException extends RuntimeException {
    public UnknownBoardException(String name, Collection<String> known) {
        super("unknown board '" + name + "' (known boards: " + String.join(", ", known) + ")");
    }
}
