package dev.hilfarm.farmfixtures;

import dev.hilfarm.harness.failure.InfrastructureException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** An infrastructure failure on the boards listed in the fixture's bad-boards file, a pass elsewhere. */
@Tag("farm-badboard")
class BadBoardFixture {
    @Test
    void needsAGoodBoard() throws Exception {
        FarmFixture.trace("badboard-runs", FarmFixture.board());
        Path bad = FarmFixture.dir().resolve("bad-boards");
        if (Files.exists(bad) && Files.readAllLines(bad).contains(FarmFixture.board())) {
            throw new InfrastructureException("serial line of " + FarmFixture.board() + " lost (fixture)");
        }
    }
}
