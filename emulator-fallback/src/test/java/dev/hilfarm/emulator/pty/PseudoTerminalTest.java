package dev.hilfarm.emulator.pty;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class PseudoTerminalTest {
    private static final Duration BOUND = Duration.ofSeconds(10);

    @Test
    void rawModePassesEveryByteValueUnchangedBothWays() throws Exception {
        byte[] all = new byte[256];
        for (int i = 0; i < all.length; i++) {
            all[i] = (byte) i;
        }
        try (PseudoTerminal pty = PseudoTerminal.open();
             RandomAccessFile slave = new RandomAccessFile(pty.slavePath(), "rw")) {
            pty.masterOutput().write(all);
            assertArrayEquals(all, readExactly(new FileInputStream(slave.getFD()), all.length));

            slave.write(all);
            assertArrayEquals(all, readExactly(pty.masterInput(), all.length));
        }
    }

    @Test
    void rawModeDoesNotEchoWhatTheMasterWrites() throws Exception {
        try (PseudoTerminal pty = PseudoTerminal.open();
             RandomAccessFile slave = new RandomAccessFile(pty.slavePath(), "rw")) {
            pty.masterOutput().write("ping\n".getBytes(US_ASCII));
            assertEquals("ping\n", new String(readExactly(new FileInputStream(slave.getFD()), 5), US_ASCII));
            slave.write("pong".getBytes(US_ASCII));
            // With echo on, "ping\r\n" would come back first.
            assertEquals("pong", new String(readExactly(pty.masterInput(), 4), US_ASCII));
        }
    }

    @Test
    void interactiveModeEchoesAndTranslatesLineEndingsLikeATerminal() throws Exception {
        try (PseudoTerminal pty = PseudoTerminal.openInteractive();
             RandomAccessFile slave = new RandomAccessFile(pty.slavePath(), "rw")) {
            pty.masterOutput().write("hi\n".getBytes(US_ASCII));
            assertEquals("hi\r\n", new String(readExactly(pty.masterInput(), 4), US_ASCII));
            slave.write("out\n".getBytes(US_ASCII));
            assertEquals("out\r\n", new String(readExactly(pty.masterInput(), 5), US_ASCII));
        }
    }

    @Test
    void closeWakesAReaderBlockedOnTheMaster() throws Exception {
        PseudoTerminal pty = PseudoTerminal.open();
        CompletableFuture<Integer> read = CompletableFuture.supplyAsync(() -> {
            try {
                return pty.masterInput().read(new byte[16], 0, 16);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(200);
        assertFalse(read.isDone(), "read should block while nothing arrives");
        pty.close();
        assertEquals(-1, read.get(BOUND.toSeconds(), TimeUnit.SECONDS));
        assertEquals(-1, pty.masterInput().read());
    }

    @Test
    void closeWakesAWriterBlockedBecauseNobodyReadsTheSlave() throws Exception {
        PseudoTerminal pty = PseudoTerminal.open();
        CompletableFuture<Void> flood = CompletableFuture.runAsync(() -> {
            try {
                pty.masterOutput().write(new byte[4 * 1024 * 1024]);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(300);
        assertFalse(flood.isDone(), "the kernel buffers only a few KiB; the writer must be stalled");
        pty.close();
        ExecutionException failure = assertThrows(ExecutionException.class, () -> flood.get(BOUND.toSeconds(), TimeUnit.SECONDS));
        assertTrue(failure.getCause().getCause() instanceof IOException, failure.toString());
        assertThrows(IOException.class, () -> pty.masterOutput().write(1));
    }

    @Test
    void closingTheMasterHangsUpTheSlaveAndRemovesTheDevice() throws Exception {
        PseudoTerminal pty = PseudoTerminal.open();
        String path = pty.slavePath();
        try (FileInputStream slave = new FileInputStream(path)) {
            CompletableFuture<Integer> read = CompletableFuture.supplyAsync(() -> {
                try {
                    return slave.read();
                } catch (IOException e) {
                    return -2;
                }
            });
            Thread.sleep(200);
            pty.close();
            int result = assertTimeoutPreemptively(BOUND, () -> read.get());
            assertTrue(result < 0, "a hung-up slave reads as EOF or EIO, got " + result);
        }
        assertFalse(new File(path).exists(), path + " should vanish with the last descriptor");
    }

    @Test
    void theSlaveCanBeClosedAndReopenedWhileTheTerminalLives() throws Exception {
        try (PseudoTerminal pty = PseudoTerminal.open()) {
            for (int round = 0; round < 3; round++) {
                try (FileOutputStream slave = new FileOutputStream(pty.slavePath())) {
                    slave.write(("round" + round).getBytes(US_ASCII));
                }
                assertEquals("round" + round, new String(readExactly(pty.masterInput(), 6), US_ASCII));
            }
        }
    }

    @Test
    void repeatedOpenAndCloseLeaksNoDescriptors() throws Exception {
        PseudoTerminal.open().close();
        long before = openDescriptors();
        for (int i = 0; i < 200; i++) {
            PseudoTerminal pty = PseudoTerminal.open();
            pty.masterOutput().write('x');
            pty.close();
            pty.close();
        }
        assertEquals(before, openDescriptors());
    }

    private static long openDescriptors() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    private static byte[] readExactly(InputStream in, int length) {
        return assertTimeoutPreemptively(BOUND, () -> {
            byte[] data = new byte[length];
            int done = 0;
            while (done < length) {
                int n = in.read(data, done, length - done);
                if (n < 0) {
                    throw new IOException("EOF after " + done + " bytes");
                }
                done += n;
            }
            return data;
        });
    }
}
