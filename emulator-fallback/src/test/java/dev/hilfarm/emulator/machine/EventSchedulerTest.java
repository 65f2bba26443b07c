package dev.hilfarm.emulator.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EventSchedulerTest {
    private long now;
    private final EventScheduler scheduler = new EventScheduler(new VirtualClock(() -> now));

    @Test
    void eventsFireInTimeOrderAndTiesInSchedulingOrder() {
        List<String> fired = new ArrayList<>();
        TimedEvent a = scheduler.newEvent("a", t -> fired.add("a@" + t));
        TimedEvent b = scheduler.newEvent("b", t -> fired.add("b@" + t));
        TimedEvent c = scheduler.newEvent("c", t -> fired.add("c@" + t));
        scheduler.scheduleAtInstruction(c, 30);
        scheduler.scheduleAtInstruction(b, 20);
        scheduler.scheduleAtInstruction(a, 20);

        assertEquals(20, scheduler.runDue(10), "nothing due yet: next is at 20");
        assertEquals(List.of(), fired);
        now = 25;
        assertEquals(30, scheduler.runDue(25));
        assertEquals(List.of("b@25", "a@25"), fired, "b was scheduled before a for the same instant");
        now = 31;
        assertEquals(Long.MAX_VALUE, scheduler.runDue(31));
        assertEquals(List.of("b@25", "a@25", "c@31"), fired);
        assertFalse(c.isScheduled());
    }

    @Test
    void reschedulingMovesTheEventInPlaceAndCancelRemovesIt() {
        List<String> fired = new ArrayList<>();
        TimedEvent a = scheduler.newEvent("a", t -> fired.add("a"));
        TimedEvent b = scheduler.newEvent("b", t -> fired.add("b"));
        scheduler.scheduleAtInstruction(a, 100);
        scheduler.scheduleAtInstruction(b, 50);
        scheduler.scheduleAtInstruction(a, 10);
        assertEquals(2, scheduler.scheduledCount(), "rescheduling does not duplicate");
        assertEquals(10, scheduler.nextDue());
        scheduler.cancel(a);
        assertEquals(50, scheduler.nextDue());
        scheduler.cancel(a);
        scheduler.runDue(1000);
        assertEquals(List.of("b"), fired);
    }

    @Test
    void anEventScheduledFromItsOwnHandlerRunsAgainInTheSamePassWhenDue() {
        List<Long> times = new ArrayList<>();
        TimedEvent[] tick = new TimedEvent[1];
        tick[0] = scheduler.newEvent("tick", t -> {
            times.add(t);
            if (times.size() < 3) {
                scheduler.scheduleAtInstruction(tick[0], tick[0].dueInstruction() + 10);
            }
        });
        scheduler.scheduleAtInstruction(tick[0], 10);
        now = 100;
        assertEquals(Long.MAX_VALUE, scheduler.runDue(100));
        assertEquals(List.of(100L, 100L, 100L), times, "a late CPU runs every missed event at the current time");
    }

    @Test
    void schedulingEarlierThanTheReportedDueTimeTellsTheCpu() {
        int[] calls = new int[1];
        scheduler.onEarlierEvent(() -> calls[0]++);
        TimedEvent a = scheduler.newEvent("a", t -> { });
        TimedEvent b = scheduler.newEvent("b", t -> { });
        assertEquals(Long.MAX_VALUE, scheduler.runDue(0));
        scheduler.scheduleAtInstruction(a, 100);
        assertEquals(1, calls[0], "earlier than 'never'");
        scheduler.scheduleAtInstruction(b, 200);
        assertEquals(1, calls[0], "later than what the CPU already waits for");
        scheduler.scheduleAtInstruction(b, 50);
        assertEquals(2, calls[0]);
    }

    @Test
    void aRandomScheduleFiresInSortedOrderAndIdenticallyEveryTime() {
        assertEquals(runRandomSchedule(42), runRandomSchedule(42));
        List<Long> order = runRandomSchedule(7);
        for (int i = 1; i < order.size(); i++) {
            assertTrue(order.get(i - 1) <= order.get(i), "fired out of order at " + i);
        }
        assertEquals(200, order.size());
    }

    private List<Long> runRandomSchedule(long seed) {
        long[] clock = new long[1];
        EventScheduler s = new EventScheduler(new VirtualClock(() -> clock[0]));
        Random random = new Random(seed);
        List<Long> fired = new ArrayList<>();
        List<TimedEvent> events = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            TimedEvent[] self = new TimedEvent[1];
            self[0] = s.newEvent("e" + i, t -> fired.add(self[0].dueInstruction()));
            events.add(self[0]);
            s.scheduleAtInstruction(self[0], random.nextInt(10_000));
        }
        for (int i = 0; i < 100; i++) {
            s.scheduleAtInstruction(events.get(random.nextInt(200)), random.nextInt(10_000));
        }
        for (long t = 0; t <= 10_000; t += 97) {
            clock[0] = t;
            s.runDue(t);
        }
        s.runDue(10_000);
        return fired;
    }

    @Test
    void clockConvertsInstructionsToNanosecondsAndBack() {
        long[] instructions = {0};
        VirtualClock clock = new VirtualClock(() -> instructions[0], 5, 2); // 2.5 ns per instruction
        instructions[0] = 4;
        assertEquals(10, clock.nanos());
        assertEquals(4, clock.instructionsAt(10));
        assertEquals(5, clock.instructionsAt(11), "the first instruction count at or after 11 ns");
        assertEquals(0, clock.instructionsAt(-3));
        assertEquals(24_000_000, VirtualClock.ticks(1_000_000_000L, 24_000_000));
        assertEquals(23, VirtualClock.ticks(999, 24_000_000));
        assertEquals(42, VirtualClock.nanosForTicks(1, 24_000_000), "one 24 MHz tick is 41.67 ns, rounded up");
        assertEquals(3_000_000_000L * 100, VirtualClock.ticks(3_000_000_000L * 1_000_000_000L, 100),
                "long spans do not overflow");
        assertThrows(IllegalArgumentException.class, () -> new VirtualClock(() -> 0, 0, 1));
    }
}
