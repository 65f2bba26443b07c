package dev.hilfarm.harness.detect;

import dev.hilfarm.board.BoardProfile;

/** A USB device recognised as a board from its profile: what it is and in which role it shows up. */
public record AttachedBoard(BoardProfile board, UsbDevice device, String role) {
}
