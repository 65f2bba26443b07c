package dev.hilfarm.farmfixtures;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A product failure every time: not retried by default. */
@Tag("farm-failing")
class FailingFixture {
    @Test
    void alwaysFails() throws Exception {
        FarmFixture.trace("failing-runs", FarmFixture.board());
        assertEquals(1, 2, "the product is wrong");
    }
}
