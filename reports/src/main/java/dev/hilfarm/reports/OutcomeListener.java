package dev.hilfarm.reports;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Turns Launcher events into exactly one {@link TestOutcome} per test and hands it to its sinks.
 *
 * <p>The Launcher reports some tests only through their container: when a class's
 * {@code @BeforeAll} throws, or the class is disabled, its tests never start. Each such test
 * still gets an outcome, the container's, so a board that did not boot counts as broken tests
 * instead of silently shrinking the run. A container that fails after all its tests finished
 * (an {@code @AfterAll} that could not power the board off) is reported once under its own name,
 * so it still reaches the exit code.
 *
 * <p>Safe for parallel execution: state is kept in concurrent maps and sinks are expected to be
 * thread-safe.
 */
public final class OutcomeListener implements TestExecutionListener {

    private static final String SEPARATOR = " › ";

    private final List<Consumer<TestOutcome>> sinks;
    private final Map<String, Long> startedAt = new ConcurrentHashMap<>();
    private final Set<String> reported = ConcurrentHashMap.newKeySet();
    private volatile TestPlan plan;

    public OutcomeListener(List<Consumer<TestOutcome>> sinks) {
        this.sinks = List.copyOf(sinks);
    }

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        plan = testPlan;
        startedAt.clear();
        reported.clear();
    }

    @Override
    public void executionStarted(TestIdentifier id) {
        startedAt.put(id.getUniqueId(), System.nanoTime());
    }

    @Override
    public void executionSkipped(TestIdentifier id, String reason) {
        String detail = firstLine(reason);
        if (id.isTest()) {
            emit(id, Outcome.SKIPPED, null, detail);
        }
        for (TestIdentifier test : testsNotYetReported(id)) {
            emit(test, Outcome.SKIPPED, null, detail);
        }
    }

    @Override
    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        Outcome outcome = Outcome.of(result);
        Duration took = elapsed(id);
        String detail = detail(outcome, result);
        if (id.isTest()) {
            emit(id, outcome, took, detail);
            return;
        }
        if (outcome == Outcome.PASSED) {
            return;
        }
        List<TestIdentifier> orphans = testsNotYetReported(id);
        if (orphans.isEmpty()) {
            emit(id, outcome, took, detail);
        }
        for (TestIdentifier test : orphans) {
            emit(test, outcome, null, detail);
        }
    }

    private void emit(TestIdentifier id, Outcome outcome, Duration took, String detail) {
        if (!reported.add(id.getUniqueId())) {
            return;
        }
        TestOutcome testOutcome = new TestOutcome(nameOf(id), outcome, took, detail);
        for (Consumer<TestOutcome> sink : sinks) {
            sink.accept(testOutcome);
        }
    }

    private List<TestIdentifier> testsNotYetReported(TestIdentifier container) {
        TestPlan current = plan;
        if (current == null) {
            return List.of();
        }
        return current.getDescendants(container).stream()
                .filter(TestIdentifier::isTest)
                .filter(test -> !reported.contains(test.getUniqueId()))
                .toList();
    }

    private Duration elapsed(TestIdentifier id) {
        Long start = startedAt.remove(id.getUniqueId());
        return start == null ? null : Duration.ofNanos(System.nanoTime() - start);
    }

    /** "Class › nested class › test"; engine nodes are left out, they name the tool, not the test. */
    private String nameOf(TestIdentifier id) {
        Deque<String> parts = new ArrayDeque<>();
        TestPlan current = plan;
        for (TestIdentifier node = id; node != null; node = parentOf(current, node)) {
            if (!isEngine(node)) {
                parts.addFirst(node.getDisplayName());
            }
        }
        return parts.isEmpty() ? id.getDisplayName() : String.join(SEPARATOR, parts);
    }

    private static TestIdentifier parentOf(TestPlan plan, TestIdentifier node) {
        return plan == null ? null : plan.getParent(node).orElse(null);
    }

    private static boolean isEngine(TestIdentifier node) {
        return "engine".equals(node.getUniqueIdObject().getLastSegment().getType());
    }

    private static String detail(Outcome outcome, TestExecutionResult result) {
        Optional<Throwable> thrown = result.getThrowable();
        if (thrown.isEmpty()) {
            return null;
        }
        Throwable t = thrown.get();
        String message = firstLine(t.getMessage());
        // For the lab the exception type is the diagnosis (SerialLinkLostException, ...);
        // an assertion message stands on its own.
        if (outcome == Outcome.BROKEN) {
            String type = t.getClass().getSimpleName();
            return message == null ? type : type + ": " + message;
        }
        return message == null ? t.getClass().getSimpleName() : message;
    }

    /** The first non-blank line, stripped; null for null or blank text. */
    static String firstLine(String text) {
        if (text == null) {
            return null;
        }
        return text.lines().map(String::strip).filter(line -> !line.isEmpty()).findFirst().orElse(null);
    }
}
