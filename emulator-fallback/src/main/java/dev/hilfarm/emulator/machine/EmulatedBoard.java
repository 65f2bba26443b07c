package dev.hilfarm.emulator.machine;

import dev.hilfarm.board.BoardProfile;
import dev.hilfarm.emulator.cpu.Mode;
import dev.hilfarm.emulator.system.ArmSemihosting;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An emulated board running on a thread of its own: what {@code hil emulate} and the harness's
 * emulator target start and stop. Whatever the guest or the emulator does, the JVM carries on: a
 * fault inside the emulator ends this board with {@link Exit.Kind#CRASH}, naming PC and mode.
 */
public final class EmulatedBoard implements AutoCloseable {

    /** How a run ended. {@code status} is the guest's semihosting exit status where it has one. */
    public record Exit(Kind kind, int status, String detail, long instructions) {
        public enum Kind {
            /** The guest powered the board off (SYS_CFG shutdown). */
            POWER_OFF,
            /** The guest called SYS_EXIT / SYS_EXIT_EXTENDED. */
            SEMIHOSTING_EXIT,
            /** Stopped from outside (close, timeout). */
            STOPPED,
            /** Waiting for an interrupt nothing can deliver. */
            IDLE,
            /** The run went past its time bound. */
            TIMEOUT,
            /** The emulator failed (or a semihosting call could not be served). */
            CRASH
        }
    }

    private final Machine machine;
    private final CompletableFuture<Exit> exit = new CompletableFuture<>();
    private volatile Integer semihostingStatus;
    private volatile String semihostingFailure;
    private Thread thread;

    private EmulatedBoard(Machine machine) {
        this.machine = machine;
    }

    /**
     * A board built from {@code profile} (the machine for its SoC, {@link Machine#create}); with {@code semihostingOut} non-null, ARM semihosting is
     * enabled (as QEMU's -semihosting) and its console output goes there.
     */
    public static EmulatedBoard create(BoardProfile profile, MachineOptions options, OutputStream semihostingOut) {
        EmulatedBoard board = new EmulatedBoard(Machine.create(profile, options));
        if (semihostingOut != null) {
            board.machine.cpu().semihosting = new ArmSemihosting(board.machine.bus(), semihostingOut, semihostingOut,
                    new ArmSemihosting.Listener() {
                        @Override
                        public void exited(int status) {
                            board.semihostingStatus = status;
                            board.machine.requestStop();
                        }

                        @Override
                        public void failed(String message) {
                            board.semihostingFailure = message;
                            board.machine.requestStop();
                        }
                    });
        }
        return board;
    }

    public Machine machine() {
        return machine;
    }

    /** Starts the guest on its own thread, named after the board. */
    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException("already started");
        }
        thread = new Thread(this::runGuest, "emulator " + machine.profile().name());
        thread.setDaemon(true);
        thread.start();
    }

    private void runGuest() {
        try {
            RunResult result = machine.run(Long.MAX_VALUE);
            long n = machine.cpu().instructionsRetired();
            if (semihostingFailure != null) {
                exit.complete(new Exit(Exit.Kind.CRASH, 1, semihostingFailure, n));
            } else if (semihostingStatus != null) {
                exit.complete(new Exit(Exit.Kind.SEMIHOSTING_EXIT, semihostingStatus, "semihosting exit", n));
            } else {
                Exit.Kind kind = switch (result.reason()) {
                    case POWER_OFF -> Exit.Kind.POWER_OFF;
                    case IDLE -> Exit.Kind.IDLE;
                    case EXCEPTION_LOOP -> Exit.Kind.CRASH;
                    default -> Exit.Kind.STOPPED;
                };
                String detail = kind == Exit.Kind.CRASH
                        ? "the guest loops taking the same exception " + where() + ": its handler faults on its first instruction"
                        : where();
                exit.complete(new Exit(kind, kind == Exit.Kind.CRASH ? 1 : 0, detail, n));
            }
        } catch (RuntimeException | StackOverflowError | AssertionError e) {
            exit.complete(new Exit(Exit.Kind.CRASH, 1, "emulator fault " + where() + ": " + e,
                    machine.cpu().instructionsRetired()));
        }
    }

    /** The CPU's position, for messages: "at pc 0x60000010 (svc, ARM)". */
    public String where() {
        var s = machine.cpu().state;
        return String.format("at pc 0x%08x (%s, %s)", s.pc, Mode.name(s.mode()), s.thumb ? "Thumb" : "ARM");
    }

    /**
     * Waits for the guest to end, at most {@code timeout}; past it the guest is stopped and the
     * exit says TIMEOUT with where the CPU was.
     */
    public Exit await(Duration timeout) {
        try {
            return exit.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            String position = where();
            stop();
            return new Exit(Exit.Kind.TIMEOUT, 1, "no exit within " + timeout.toSeconds() + " s; stopped " + position,
                    machine.cpu().instructionsRetired());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop();
            return new Exit(Exit.Kind.STOPPED, 1, "interrupted " + where(), machine.cpu().instructionsRetired());
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Whether the guest has stopped running, for whatever reason. */
    public boolean finished() {
        return exit.isDone();
    }

    /** Stops the guest and waits (bounded) for its thread. Idempotent. */
    public void stop() {
        machine.requestStop();
        Thread t = thread;
        if (t != null) {
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        stop();
    }
}
