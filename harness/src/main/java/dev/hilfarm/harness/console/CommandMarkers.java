package dev.hilfarm.harness.console;

import java.util.regex.Pattern;

/**
 * The begin/end markers that delimit one command's output in {@link SerialConsole#run}.
 *
 * <p>The shell prints each marker with printf from two halves ({@code __HIL} and {@code _B<id>}),
 * so the marker text appears in the output but never in the echoed command line: echo, a prompt
 * redrawn by line editing or a terminal that wraps the long line can then never produce a false
 * match. The id is unique per call, so output of an earlier command that arrives late cannot end a
 * later one. The end marker is printed after a newline of its own so it starts a line even when the
 * output has no trailing newline; exactly that newline is part of the end pattern, so it never shows
 * up in the returned output. Both patterns require the marker's closing newline, so an exit status
 * whose digits are split across two reads is never cut short.
 */
record CommandMarkers(String id) {
    private static final String HEAD = "__HIL";

    CommandMarkers {
        if (!id.chars().allMatch(Character::isLetterOrDigit)) {
            throw new IllegalArgumentException("marker id must be alphanumeric: " + id);
        }
    }

    /** The single shell line to type for {@code command}. */
    String wrap(String command) {
        if (command.indexOf('\n') >= 0 || command.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("run() takes one command line, without line breaks: " + command);
        }
        String body = command.strip();
        while (body.endsWith(";")) {
            body = body.substring(0, body.length() - 1).strip();
        }
        // "cmd &; next" is a syntax error in sh; after a trailing & the next command just follows.
        String separator = body.endsWith("&") && !body.endsWith("&&") ? " " : "; ";
        return "printf '%s%s\\n' " + HEAD + " _B" + id + "; "
                + body + separator
                + "printf '\\n%s%s_%d\\n' " + HEAD + " _E" + id + " $?";
    }

    Pattern begin() {
        return Pattern.compile(HEAD + "_B" + id + "\n");
    }

    /** Group 1 is the exit status. */
    Pattern end() {
        return Pattern.compile("\n" + HEAD + "_E" + id + "_(\\d+)\n");
    }
}
