package dev.hilfarm.emulator.machine;

import dev.hilfarm.emulator.cpu.TimedEvents;
import java.util.Arrays;

/**
 * The devices' timers, ordered by due time in a binary min-heap. Devices create their
 * {@link TimedEvent}s once and reschedule them in place; nothing is allocated per event. Events
 * due at the same instruction fire in the order they were scheduled, so runs are deterministic.
 *
 * <p>The CPU's run loop asks {@link #runDue} only when the time it last got back has come; when a
 * device schedules something earlier than that (a timer programmed by a register write), the
 * scheduler calls the {@code earlierEvent} hook so the CPU asks again before its next instruction.
 */
public final class EventScheduler implements TimedEvents {
    private final VirtualClock clock;
    private TimedEvent[] heap = new TimedEvent[16];
    private int size;
    private long nextSequence;
    private long reportedDue = Long.MAX_VALUE;
    private boolean running;
    private Runnable earlierEvent = () -> { };

    public EventScheduler(VirtualClock clock) {
        this.clock = clock;
    }

    public VirtualClock clock() {
        return clock;
    }

    /** The current virtual time in nanoseconds. */
    public long nowNanos() {
        return clock.nanos();
    }

    /** Called when an event is scheduled earlier than the time last reported to the CPU (e.g. {@code cpu::rescheduleEvents}). */
    public void onEarlierEvent(Runnable hook) {
        this.earlierEvent = hook;
    }

    /** A new, idle event; devices call this while they are built, never while the machine runs. */
    public TimedEvent newEvent(String name, TimedEvent.Handler handler) {
        return new TimedEvent(name, handler);
    }

    /** (Re)schedules {@code event} to fire once virtual time reaches {@code nanos}. */
    public void scheduleAtNanos(TimedEvent event, long nanos) {
        scheduleAtInstruction(event, clock.instructionsAt(nanos));
    }

    /** (Re)schedules {@code event} to fire when the instruction count reaches {@code instruction}. */
    public void scheduleAtInstruction(TimedEvent event, long instruction) {
        if (event.heapIndex >= 0) {
            removeAt(event.heapIndex);
        }
        event.dueInstruction = instruction;
        event.sequence = nextSequence++;
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
        }
        heap[size] = event;
        event.heapIndex = size;
        size++;
        siftUp(event.heapIndex);
        if (!running && instruction < reportedDue) {
            reportedDue = instruction;
            earlierEvent.run();
        }
    }

    public void cancel(TimedEvent event) {
        if (event.heapIndex >= 0) {
            removeAt(event.heapIndex);
        }
    }

    /** Cancels every event (machine reset). */
    public void cancelAll() {
        for (int i = 0; i < size; i++) {
            heap[i].heapIndex = -1;
            heap[i] = null;
        }
        size = 0;
    }

    /** The instruction count of the earliest scheduled event, or Long.MAX_VALUE. */
    public long nextDue() {
        return size == 0 ? Long.MAX_VALUE : heap[0].dueInstruction;
    }

    public int scheduledCount() {
        return size;
    }

    @Override
    public long runDue(long now) {
        running = true;
        try {
            while (size > 0 && heap[0].dueInstruction <= now) {
                TimedEvent event = heap[0];
                removeAt(0);
                event.handler.fire(clock.toNanos(now));
            }
        } finally {
            running = false;
        }
        reportedDue = nextDue();
        return reportedDue;
    }

    private void removeAt(int index) {
        TimedEvent removed = heap[index];
        removed.heapIndex = -1;
        size--;
        if (index == size) {
            heap[size] = null;
            return;
        }
        TimedEvent last = heap[size];
        heap[size] = null;
        heap[index] = last;
        last.heapIndex = index;
        siftDown(index);
        if (last.heapIndex == index) {
            siftUp(index);
        }
    }

    private static boolean before(TimedEvent a, TimedEvent b) {
        return a.dueInstruction < b.dueInstruction
                || (a.dueInstruction == b.dueInstruction && a.sequence < b.sequence);
    }

    private void siftUp(int index) {
        TimedEvent event = heap[index];
        while (index > 0) {
            int parent = (index - 1) >>> 1;
            TimedEvent p = heap[parent];
            if (!before(event, p)) {
                break;
            }
            heap[index] = p;
            p.heapIndex = index;
            index = parent;
        }
        heap[index] = event;
        event.heapIndex = index;
    }

    private void siftDown(int index) {
        TimedEvent event = heap[index];
        int half = size >>> 1;
        while (index < half) {
            int child = 2 * index + 1;
            int right = child + 1;
            if (right < size && before(heap[right], heap[child])) {
                child = right;
            }
            if (!before(heap[child], event)) {
                break;
            }
            heap[index] = heap[child];
            heap[index].heapIndex = index;
            index = child;
        }
        heap[index] = event;
        event.heapIndex = index;
    }
}
