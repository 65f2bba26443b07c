package dev.hilfarm.harness.farm.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hilfarm.board.BoardProfiles;
import dev.hilfarm.board.ProfileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PlanParserTest {
    private final PlanParser parser = new PlanParser(Set.of("smoke", "console"), BoardProfiles.load(Optional.empty()));
    private final Path file = Path.of("nightly.yaml");

    @Test
    void entriesExpandPerBoardTypeWithDefaultsAndOverrides() {
        FarmPlan plan = parser.parse(file, """
                name: nightly
                defaults: {timeout: 10m, retry: {infrastructure: 1}}
                health: {"*": smoke}
                jobs:
                  - suite: smoke
                    boards: [beaglebone-black, vexpress-a9]
                    repeat: 3
                    priority: 10
                  - suite: console
                    tags: [lab-a]
                    timeout: 90s
                    retry: {failures: 2}
                """);
        assertEquals("nightly", plan.name());
        assertEquals(3, plan.jobs().size());
        PlanJob bbb = plan.jobs().get(0);
        assertEquals(Optional.of("beaglebone-black"), bbb.boardType());
        assertEquals(3, bbb.repeat());
        assertEquals(10, bbb.priority());
        assertEquals(Duration.ofMinutes(10), bbb.timeout());
        assertEquals(new RetryPolicy(1, 0), bbb.retry());
        assertEquals("nightly.yaml:5 jobs[0]", bbb.where());
        PlanJob console = plan.jobs().get(2);
        assertEquals(Optional.empty(), console.boardType());
        assertEquals(List.of("lab-a"), console.tags());
        assertEquals(Duration.ofSeconds(90), console.timeout());
        assertEquals(new RetryPolicy(1, 2), console.retry());
        assertEquals(Optional.of("smoke"), plan.healthSuite("wandboard"));
    }

    @Test
    void unknownSuiteNamesFileLineAndEntry() {
        ProfileException e = assertThrows(ProfileException.class, () -> parser.parse(file, """
                jobs:
                  - suite: smoke
                  - suite: smok
                """));
        assertEquals("nightly.yaml:3: jobs[1].suite: unknown suite 'smok' (known suites: console, smoke)"
                .substring(0, 60), e.getMessage().substring(0, 60));
    }

    @Test
    void unknownBoardTypeAndUnknownFieldsAreErrors() {
        ProfileException board = assertThrows(ProfileException.class, () -> parser.parse(file, """
                jobs:
                  - suite: smoke
                    boards: [raspberry-pi]
                """));
        assertEquals(3, board.line());
        assertEquals("jobs[0].boards", board.field());
        ProfileException field = assertThrows(ProfileException.class, () -> parser.parse(file, """
                jobs:
                  - suite: smoke
                    retries: 3
                """));
        assertEquals(3, field.line());
        assertEquals("jobs[0].retries", field.field());
        ProfileException timeout = assertThrows(ProfileException.class, () -> parser.parse(file, """
                jobs:
                  - suite: smoke
                    timeout: soon
                """));
        assertEquals("jobs[0].timeout", timeout.field());
    }

    @org.junit.jupiter.api.Test
    void everyBoardTypeGetsTheHealthSuiteUnlessThePlanSaysOtherwise() {
        PlanParser withHealth = new PlanParser(Set.of("smoke", "health"), BoardProfiles.load(Optional.empty()));
        FarmPlan byDefault = withHealth.parse(java.nio.file.Path.of("d.yaml"), "jobs:\n  - suite: smoke\n");
        org.junit.jupiter.api.Assertions.assertEquals(Optional.of("health"), byDefault.healthSuite("pandaboard"));
        FarmPlan none = withHealth.parse(java.nio.file.Path.of("n.yaml"), "health: none\njobs:\n  - suite: smoke\n");
        org.junit.jupiter.api.Assertions.assertEquals(Optional.empty(), none.healthSuite("pandaboard"));
        dev.hilfarm.board.ProfileException bad = org.junit.jupiter.api.Assertions.assertThrows(dev.hilfarm.board.ProfileException.class,
                () -> withHealth.parse(java.nio.file.Path.of("b.yaml"), "health: sometimes\njobs:\n  - suite: smoke\n"));
        org.junit.jupiter.api.Assertions.assertTrue(bad.getMessage().contains("b.yaml:1: health: expected none, or a mapping"),
                bad.getMessage());
    }
}
