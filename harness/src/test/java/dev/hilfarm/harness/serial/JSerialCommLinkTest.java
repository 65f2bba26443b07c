package dev.hilfarm.harness.serial;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hilfarm.emulator.pty.PseudoTerminal;
import dev.hilfarm.harness.failure.InfrastructureException;
import dev.hilfarm.harness.failure.SerialLinkLostException;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** jSerialComm on a real Linux pty, opened exactly like a USB adapter. */
class JSerialCommLinkTest {
    private static final Duration BOUND = Duration.ofSeconds(10);

    private PseudoTerminal pty;

    @BeforeEach
    void createPty() throws Exception {
        pty = PseudoTerminal.open();
    }

    @AfterEach
    void closePty() {
        pty.close();
    }

    @Test
    void bytesPassBothWaysUnchanged() throws Exception {
        try (JSerialCommLink link = JSerialCommLink.open(pty.slavePath(), 115200)) {
            pty.masterOutput().write("U-Boot\r\n\u001b[0m\n".getBytes(US_ASCII));
            assertEquals("U-Boot\r\n\u001b[0m\n", readAtLeast(link, 13));

            byte[] typed = "uname -m\n".getBytes(US_ASCII);
            link.write(typed, 0, typed.length);
            byte[] received = new byte[typed.length];
            int n = 0;
            while (n < typed.length) {
                n += pty.masterInput().read(received, n, typed.length - n);
            }
            assertEquals("uname -m\n", new String(received, US_ASCII));
        }
    }

    @Test
    void aQuietDeviceReadsAsZeroAfterTheReadTimeoutInsteadOfBlocking() {
        try (JSerialCommLink link = JSerialCommLink.open(pty.slavePath(), 115200)) {
            int n = assertTimeoutPreemptively(BOUND, () -> link.read(new byte[64], 0, 64));
            assertEquals(0, n);
        }
    }

    @Test
    void closingTheMasterIsReportedAsLostOnReadAndWrite() {
        try (JSerialCommLink link = JSerialCommLink.open(pty.slavePath(), 115200)) {
            pty.close();
            SerialLinkLostException onRead = assertTimeoutPreemptively(BOUND,
                    () -> assertThrows(SerialLinkLostException.class, () -> {
                        while (true) {
                            link.read(new byte[64], 0, 64);
                        }
                    }));
            assertTrue(onRead.getMessage().contains(pty.slavePath()), onRead.getMessage());
            byte[] line = "ls\n".getBytes(US_ASCII);
            assertThrows(SerialLinkLostException.class, () -> link.write(line, 0, line.length));
        }
    }

    @Test
    void aMissingDeviceFailsWithOneClearLine() {
        InfrastructureException e = assertThrows(InfrastructureException.class,
                () -> JSerialCommLink.open("/dev/ttyUSB-hilfarm-missing", 115200));
        assertEquals("cannot open serial port /dev/ttyUSB-hilfarm-missing: no such device", e.getMessage());
    }

    @Test
    void aDeviceOpenedTwiceInThisJvmIsReportedInUse() {
        JSerialCommLink first = JSerialCommLink.open(pty.slavePath(), 115200);
        try {
            InfrastructureException e = assertThrows(InfrastructureException.class,
                    () -> JSerialCommLink.open(pty.slavePath(), 115200));
            assertTrue(e.getMessage().startsWith("cannot open serial port " + pty.slavePath() + ": in use"), e.getMessage());
        } finally {
            first.close();
        }
        JSerialCommLink.open(pty.slavePath(), 115200).close();
    }

    @Test
    void aDeviceLockedByAnotherProcessIsReportedInUse() throws Exception {
        Process holder = new ProcessBuilder("flock", pty.slavePath(), "sleep", "30").start();
        try {
            Thread.sleep(300);
            InfrastructureException e = assertThrows(InfrastructureException.class,
                    () -> JSerialCommLink.open(pty.slavePath(), 115200));
            assertTrue(e.getMessage().startsWith("cannot open serial port " + pty.slavePath() + ": in use"), e.getMessage());
        } finally {
            holder.destroy();
            holder.waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void closeIsIdempotentAndLaterIoReportsLost() {
        JSerialCommLink link = JSerialCommLink.open(pty.slavePath(), 115200);
        link.close();
        link.close();
        assertThrows(SerialLinkLostException.class, () -> link.read(new byte[8], 0, 8));
    }

    private static String readAtLeast(SerialLink link, int count) {
        return assertTimeoutPreemptively(BOUND, () -> {
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            byte[] buffer = new byte[4096];
            while (got.size() < count) {
                int n = link.read(buffer, 0, buffer.length);
                got.write(buffer, 0, n);
            }
            return got.toString(US_ASCII);
        });
    }
}
