package dev.hilfarm.emulator.machine;

import dev.hilfarm.emulator.cpu.Cpu;

/**
 * How a machine runs its core between outside requests: in slices, checking for stop and reset
 * requests, console input and power-off in between; sleeping on input instead of spinning when the
 * core waits for an interrupt nothing else can bring; and, on request, holding virtual time back
 * to the host's clock. Every machine runs the same way; what differs is behind {@link Board}.
 */
final class MachineRunLoop {

    /** What the loop needs from its machine. */
    interface Board {
        /** Whether the guest powered the board off (boards without a power controller: never). */
        boolean poweredOff();

        /** Resets devices, CPU and images (the loop has already cleared the reset request). */
        void performReset();

        /** Moves queued console input into the UARTs; called on the CPU thread. */
        void pollInput();
    }

    private final Cpu cpu;
    private final EventScheduler scheduler;
    private final VirtualClock clock;
    private final MachineOptions options;
    private final Board board;
    private boolean resetRequested;
    private volatile boolean stopRequested;
    private final Object inputSignal = new Object();
    private volatile boolean inputArrived;
    private long wallOriginNanos;
    private long virtualOriginNanos;

    MachineRunLoop(Cpu cpu, EventScheduler scheduler, VirtualClock clock, MachineOptions options, Board board) {
        this.cpu = cpu;
        this.scheduler = scheduler;
        this.clock = clock;
        this.options = options;
        this.board = board;
    }

    /** Makes the current (or, if none is running, the next) {@link #run} return soon; safe from any thread. */
    void requestStop() {
        stopRequested = true;
        signalInput();
    }

    /** Resets the machine before the next instruction. */
    void requestReset() {
        resetRequested = true;
        cpu.requestStop();
    }

    /** Resets now (from the thread that owns the machine). */
    void resetNow() {
        resetRequested = false;
        board.performReset();
    }

    /** Console input arrived: wakes a loop that sleeps waiting for it; safe from any thread. */
    void signalInput() {
        inputArrived = true;
        synchronized (inputSignal) {
            inputSignal.notifyAll();
        }
    }

    /**
     * Runs until the guest powers off, {@code maxInstructions} more instructions have retired
     * (Long.MAX_VALUE: no limit), a stop is requested, or the CPU waits for an interrupt nothing
     * can deliver (unless {@link MachineOptions#waitForInput()}).
     */
    RunResult run(long maxInstructions) {
        long start = cpu.instructionsRetired();
        long limit = maxInstructions == Long.MAX_VALUE ? Long.MAX_VALUE : start + maxInstructions;
        if (options.syncToWallClock()) {
            // The only place the host's clock is read, and only when asked to follow it.
            wallOriginNanos = System.nanoTime();
            virtualOriginNanos = clock.nanos();
        }
        while (true) {
            if (resetRequested) {
                resetNow();
            }
            if (board.poweredOff()) {
                return result(RunResult.Reason.POWER_OFF, start);
            }
            if (cpu.stuckInExceptionLoop) {
                return result(RunResult.Reason.EXCEPTION_LOOP, start);
            }
            if (stopRequested) {
                stopRequested = false;
                return result(RunResult.Reason.STOPPED, start);
            }
            long now = cpu.instructionsRetired();
            if (now >= limit) {
                return result(RunResult.Reason.INSTRUCTION_LIMIT, start);
            }
            pollInput();
            cpu.run(Math.min(options.sliceInstructions(), limit - now));
            // Asleep with no interrupt pending, no device event to come and no fresh input: only
            // new input can wake the core (input still queued behind a full FIFO needs the guest).
            if (cpu.waitingForInterrupt && !cpu.irqLine && !cpu.fiqLine && scheduler.nextDue() == Long.MAX_VALUE
                    && !resetRequested && !board.poweredOff() && !inputArrived) {
                if (!options.waitForInput()) {
                    return result(RunResult.Reason.IDLE, start);
                }
                awaitInput(Long.MAX_VALUE);
            }
            if (options.syncToWallClock()) {
                holdBackToWallClock();
            }
        }
    }

    private RunResult result(RunResult.Reason reason, long start) {
        return new RunResult(reason, cpu.instructionsRetired() - start, cpu.state.pc, cpu.state.mode(), cpu.state.thumb);
    }

    private void pollInput() {
        if (inputArrived) {
            inputArrived = false;
            board.pollInput();
        }
    }

    /** Waits until input arrives, a stop is requested, or {@code nanos} pass. */
    private void awaitInput(long nanos) {
        long deadline = nanos == Long.MAX_VALUE ? Long.MAX_VALUE : System.nanoTime() + nanos;
        synchronized (inputSignal) {
            while (!inputArrived && !stopRequested) {
                long left = deadline == Long.MAX_VALUE ? 100_000_000L : deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                try {
                    inputSignal.wait(Math.max(1, left / 1_000_000), 0);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    stopRequested = true;
                    return;
                }
            }
        }
    }

    /** In wall-clock mode: sleeps while virtual time is ahead of the time that really passed. */
    private void holdBackToWallClock() {
        long ahead = (clock.nanos() - virtualOriginNanos) - (System.nanoTime() - wallOriginNanos);
        if (ahead > 1_000_000L) {
            awaitInput(ahead);
        }
    }
}
