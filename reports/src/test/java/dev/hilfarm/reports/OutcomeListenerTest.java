package dev.hilfarm.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.hilfarm.reports.fixtures.AbortedSetupFixture;
import dev.hilfarm.reports.fixtures.BrokenSetupFixture;
import dev.hilfarm.reports.fixtures.BrokenTeardownFixture;
import dev.hilfarm.reports.fixtures.DisabledClassFixture;
import dev.hilfarm.reports.fixtures.FailedSetupFixture;
import dev.hilfarm.reports.fixtures.MixedOutcomesFixture;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class OutcomeListenerTest {

    private final List<TestOutcome> outcomes = new CopyOnWriteArrayList<>();

    private Map<String, TestOutcome> run(Class<?>... fixtures) {
        FixtureRun.run(List.of(new OutcomeListener(List.of(outcomes::add))), fixtures);
        return outcomes.stream().collect(Collectors.toMap(TestOutcome::name, Function.identity()));
    }

    @Test
    void eachTestGetsOneOutcomeNamedAfterItsClassAndItself() {
        Map<String, TestOutcome> byName = run(MixedOutcomesFixture.class);

        assertEquals(4, outcomes.size());
        assertEquals(Outcome.PASSED, byName.get("smoke › kernel is armv7l").outcome());
        assertEquals(Outcome.FAILED, byName.get("smoke › rootfs is read-only").outcome());
        assertEquals(Outcome.BROKEN, byName.get("smoke › board boots").outcome());
        assertEquals(Outcome.SKIPPED, byName.get("smoke › gpu clock").outcome());
    }

    @Test
    void detailIsTheFirstLineOfWhatWentWrong() {
        Map<String, TestOutcome> byName = run(MixedOutcomesFixture.class);

        assertEquals("mount flags of / ==> expected: <ro> but was: <rw>", byName.get("smoke › rootfs is read-only").detail());
        assertEquals("IllegalStateException: board did not boot", byName.get("smoke › board boots").detail());
        assertEquals("Assumption failed: board has no GPU", byName.get("smoke › gpu clock").detail());
        assertNull(byName.get("smoke › kernel is armv7l").detail());
        assertNotNull(byName.get("smoke › kernel is armv7l").took());
    }

    @Test
    void brokenSetupBreaksEveryTestOfTheClass() {
        Map<String, TestOutcome> byName = run(BrokenSetupFixture.class);

        assertEquals(2, outcomes.size());
        TestOutcome first = byName.get("power › board powers on");
        assertEquals(Outcome.BROKEN, first.outcome());
        assertEquals("IllegalStateException: power switch did not answer", first.detail());
        assertNull(first.took(), "a test that never ran has no duration");
        assertEquals(Outcome.BROKEN, byName.get("power › board powers off").outcome());
    }

    @Test
    void failedSetupFailsEveryTestOfTheClass() {
        run(FailedSetupFixture.class);

        assertEquals(List.of(Outcome.FAILED, Outcome.FAILED), outcomes.stream().map(TestOutcome::outcome).toList());
        assertEquals("image has no /etc/os-release", outcomes.get(0).detail());
    }

    @Test
    void abortedSetupSkipsEveryTestOfTheClass() {
        run(AbortedSetupFixture.class);

        assertEquals(List.of(Outcome.SKIPPED), outcomes.stream().map(TestOutcome::outcome).toList());
    }

    @Test
    void disabledClassSkipsEveryTestWithTheReason() {
        run(DisabledClassFixture.class);

        assertEquals(2, outcomes.size());
        outcomes.forEach(outcome -> {
            assertEquals(Outcome.SKIPPED, outcome.outcome());
            assertEquals("waiting for the new carrier board", outcome.detail());
        });
    }

    @Test
    void brokenTeardownAfterPassingTestsCountsOnceUnderTheClassName() {
        Map<String, TestOutcome> byName = run(BrokenTeardownFixture.class);

        assertEquals(2, outcomes.size());
        assertEquals(Outcome.PASSED, byName.get("BrokenTeardownFixture › passes()").outcome());
        assertEquals(Outcome.BROKEN, byName.get("BrokenTeardownFixture").outcome());
        assertEquals("IllegalStateException: power off timed out", byName.get("BrokenTeardownFixture").detail());
    }

    @Test
    void firstLineSkipsBlankLinesAndStrips() {
        assertEquals("second", OutcomeListener.firstLine("\n  \n  second \nthird"));
        assertNull(OutcomeListener.firstLine("  \n"));
        assertNull(OutcomeListener.firstLine(null));
    }
}
