package dev.hilfarm.reports;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/** Counts outcomes; thread-safe, because tests may finish on several threads at once. */
final class OutcomeTally implements Consumer<TestOutcome> {

    private final Map<Outcome, AtomicInteger> counts = new EnumMap<>(Outcome.class);

    OutcomeTally() {
        for (Outcome outcome : Outcome.values()) {
            counts.put(outcome, new AtomicInteger());
        }
    }

    @Override
    public void accept(TestOutcome outcome) {
        counts.get(outcome.outcome()).incrementAndGet();
    }

    int count(Outcome outcome) {
        return counts.get(outcome).get();
    }
}
