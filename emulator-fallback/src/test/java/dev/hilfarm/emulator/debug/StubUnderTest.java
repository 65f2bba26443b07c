package dev.hilfarm.emulator.debug;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A {@link GdbServer} serving one session on its own thread, as the emulator thread would. */
final class StubUnderTest implements AutoCloseable {
    final GdbServer server;
    final CompletableFuture<SessionEnd> end = new CompletableFuture<>();
    private final Thread thread;

    StubUnderTest(DebugTarget target) throws IOException {
        server = GdbServer.open(target, 0);
        thread = new Thread(() -> {
            try {
                end.complete(server.serve());
            } catch (IOException | RuntimeException e) {
                end.completeExceptionally(e);
            }
        }, "gdb-stub-under-test");
        thread.setDaemon(true);
        thread.start();
    }

    /** The id of the thread that runs the stub (and the core), for allocation measurements. */
    long threadId() {
        return thread.getId();
    }

    /** Waits until the core has retired at least {@code count} instructions (it runs in the stub's thread). */
    static void awaitInstructions(dev.hilfarm.emulator.cpu.Cpu cpu, long count) {
        while (cpu.instructionsRetired() < count) {
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    int port() {
        return server.port();
    }

    RspClient connect() throws IOException {
        return RspClient.connect(port(), Duration.ofSeconds(10));
    }

    /** How the session ended (waits for it, bounded so that a hung stub fails the test). */
    SessionEnd sessionEnd() {
        try {
            return end.get(30, TimeUnit.SECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the stub's session did not end: " + e, e);
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
