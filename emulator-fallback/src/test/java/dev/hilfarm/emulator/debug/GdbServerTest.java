package dev.hilfarm.emulator.debug;

import static dev.hilfarm.emulator.debug.TinyArm.NOP;
import static dev.hilfarm.emulator.debug.TinyArm.addImm;
import static dev.hilfarm.emulator.debug.TinyArm.branch;
import static dev.hilfarm.emulator.debug.TinyArm.ldr;
import static dev.hilfarm.emulator.debug.TinyArm.movImm;
import static dev.hilfarm.emulator.debug.TinyArm.str;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hilfarm.emulator.cpu.Mode;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The stub's packets, driven by this project's own RSP client against a core with a test-double ISA. */
class GdbServerTest {
    private static final int BASE = TestBoard.RAM_BASE;

    /** r0 = 1; r1 = 2; r2 = r0 + 5; r3 = 0x60000000; [r3 + 0x100] = r2; loop: r0 += 1; b loop. */
    private static TestBoard countingProgram() {
        return new TestBoard().load(BASE,
                movImm(0, 1), movImm(1, 2), addImm(2, 0, 5), 0xe3a03206, str(2, 3, 0x100),
                addImm(0, 0, 1), branch(BASE + 0x18, BASE + 0x14));
    }

    @Test
    void handshakeRegistersAndStepping() throws IOException {
        TestBoard board = countingProgram();
        try (StubUnderTest stub = new StubUnderTest(board); RspClient gdb = stub.connect()) {
            String supported = gdb.handshake();
            assertTrue(supported.contains("PacketSize=4000"), supported);
            assertTrue(supported.contains("qXfer:features:read+"), supported);
            assertEquals("T05thread:1;0f:00000060;", gdb.exchange("?"));
            assertEquals("1", gdb.exchange("qAttached"));
            assertEquals("QC1", gdb.exchange("qC"));
            assertEquals("m1", gdb.exchange("qfThreadInfo"));
            assertEquals("l", gdb.exchange("qsThreadInfo"));
            assertEquals("OK", gdb.exchange("Hg0"));
            assertEquals("vCont;c;C;s;S", gdb.exchange("vCont?"));

            int[] regs = new int[17];
            gdb.readCoreRegisters(regs);
            assertEquals(BASE, regs[15]);
            assertEquals(0x400001d3, regs[RspClient.CPSR_INDEX], "reset: SVC, A/I/F masked, ARM, Z set as on QEMU");

            assertTrue(gdb.step());
            assertTrue(gdb.step());
            assertEquals("T05thread:1;0f:0c000060;", gdb.exchange("vCont;s:1"));
            gdb.readCoreRegisters(regs);
            assertEquals(1, regs[0]);
            assertEquals(2, regs[1]);
            assertEquals(6, regs[2]);
            assertEquals(0, regs[3], "the fourth instruction has not run");
            assertEquals(BASE + 12, regs[15]);
            assertEquals(BASE + 12, board.cpu.state.pc);
            assertEquals(3, board.cpu.instructionsRetired());

            assertEquals("02000000", gdb.exchange("p1"));
            assertEquals("d3010040", gdb.exchange("p19"));
            assertEquals("OK", gdb.exchange("P1=efbeadde"));
            assertEquals(0xdeadbeef, board.cpu.state.r[1]);
            assertEquals("E03", gdb.exchange("p1a"), "no FPU: no d0");

            gdb.expectOk("D");
        }
    }

    @Test
    void writingPcAndCpsrChangesModeWithBanking() throws IOException {
        TestBoard board = countingProgram();
        board.cpu.state.r[13] = 0x1111;
        try (StubUnderTest stub = new StubUnderTest(board); RspClient gdb = stub.connect()) {
            gdb.handshake();
            gdb.expectOk("P19=" + le32(0x1d2)); // IRQ mode
            assertEquals(Mode.IRQ, board.cpu.state.mode());
            gdb.expectOk("Pd=" + le32(0x2222));
            gdb.expectOk("P19=" + le32(0x1d3));
            assertEquals(0x1111, board.cpu.state.r[13], "SVC's sp came back");
            gdb.expectOk("P19=" + le32(0x1d2));
            assertEquals("22220000", gdb.exchange("pd"), "IRQ's sp is still there");
            gdb.expectOk("P19=" + le32(0x1d3));
            gdb.expectOk("Pf=" + le32(BASE + 8));
            assertTrue(gdb.step());
            assertEquals(5, board.cpu.state.r[2], "executed from the written PC");

            // 'G' with the whole file: CPSR first, then r0-r15 land in the new mode.
            StringBuilder all = new StringBuilder("G");
            for (int i = 0; i < 15; i++) {
                all.append(le32(0x100 + i));
            }
            all.append(le32(BASE + 0x14)).append(le32(0x1d3));
            gdb.expectOk(all.toString());
            assertEquals(Mode.SVC, board.cpu.state.mode());
            assertEquals(0x10d, board.cpu.state.r[13]);
            assertEquals(BASE + 0x14, board.cpu.state.pc);
            gdb.expectOk("D");
        }
    }

    @Test
    void memoryReadsWritesAndUnmappedAddresses() throws IOException {
        TestBoard board = countingProgram();
        board.cpu.state.r[5] = 0x12345678;
        try (StubUnderTest stub = new StubUnderTest(board); RspClient gdb = stub.connect()) {
            gdb.handshake();
            assertEquals("0100a0e3", gdb.exchange("m60000000,4"));
            assertArrayEquals(new byte[] {0x02, 0x10, (byte) 0xa0}, gdb.readMemory(BASE + 4, 3));
            assertTrue(gdb.writeMemory(BASE + 0x201, new byte[] {1, 2, 3, 4, 5, 6}));
            assertEquals(0x03020100, board.ram.read32(BASE + 0x200));
            assertEquals(0x00060504, board.ram.read32(BASE + 0x204));
            // X: binary data with an escaped '}' (0x7d) and '#'.
            assertEquals("OK", gdb.exchange("X60000300,0:"), "GDB's probe for X support");
            assertEquals("OK", gdb.exchange("X60000300,3:a}]}\u0003"));
            assertEquals(0x237d61, board.ram.read32(BASE + 0x300));

            board.faultAddress = 0;
            assertEquals("E01", gdb.exchange("m70000000,4"));
            assertEquals("E01", gdb.exchange("M70000000,4:00000000"));
            assertEquals("E01", gdb.exchange("M6fffffff,2:aaaa"), "a write that half faults is not done at all");
            assertEquals(0, board.faultAddress, "the debugger's accesses left no fault address behind");
            assertEquals("0000", gdb.exchange("m6ffffffe,4"), "a read stops at the unmapped page");
            gdb.readCoreRegisters(new int[17]);
            assertEquals(0x12345678, board.cpu.state.r[5]);
            assertEquals(Mode.SVC, board.cpu.state.mode(), "no abort was taken");
            gdb.expectOk("D");
        }
    }

    @Test
    void breakpointsAreCheckedAgainstThePcWithoutPatchingMemory() throws IOException {
        TestBoard board = countingProgram();
        try (StubUnderTest stub = new StubUnderTest(board); RspClient gdb = stub.connect()) {
            gdb.handshake();
            gdb.insertBreakpoint(BASE + 0x10, 4);
            assertEquals(0xe5832100, board.ram.read32(BASE + 0x10), "memory is not patched");
            assertTrue(gdb.resume());
            int[] regs = new int[17];
            gdb.readCoreRegisters(regs);
            assertEquals(BASE + 0x10, regs[15]);
            assertEquals(0, board.ram.read32(BASE + 0x100), "stopped before the store");
            assertEquals(4, board.cpu.instructionsRetired());

            // Resuming at the breakpoint executes it; the loop then hits the next one each time round.
            gdb.insertBreakpoint(BASE + 0x14, 4);
            assertTrue(gdb.resume());
            assertEquals(6, board.ram.read32(BASE + 0x100));
            gdb.readCoreRegisters(regs);
            assertEquals(BASE + 0x14, regs[15]);
            assertEquals(1, regs[0]);
            assertTrue(gdb.resume());
            gdb.readCoreRegisters(regs);
            assertEquals(BASE + 0x14, regs[15]);
            assertEquals(2, regs[0], "one more time round the loop");

            gdb.removeBreakpoint(BASE + 0x14, 4);
            assertEquals("", gdb.exchange("Z3,60000100,4"), "read watchpoints are not offered");
            assertEquals("", gdb.exchange("Z4,60000100,4"), "nor access watchpoints");
            gdb.expectOk("Z1,60000018,4");
            assertTrue(gdb.resume());
            assertEquals(BASE + 0x18, board.cpu.state.pc, "hardware breakpoints work the same way");
            gdb.expectOk("z1,60000018,4");
            gdb.expectOk("D");
        }
    }

    @Test
    void writeWatchpointsStopAfterTheWritingInstruction() throws IOException {
        TestBoard board = countingProgram();
        try (StubUnderTest stub = new StubUnderTest(board); RspClient gdb = stub.connect()) {
            gdb.handshake();
            assertEquals("E01", gdb.exchange("Z2,60000100,10"), "at most 8 bytes");
            gdb.expectOk("Z2,60000100,4");
            gdb.expectOk("Z2,60000200,4");
            assertEquals("T05watch:60000100;thread:1;0f:14000060;", gdb.exchange("c"));
            assertEquals(6, board.ram.read32(BASE + 0x100), "the store has happened");
            assertEquals(5, board.cpu.instructionsRetired());
            gdb.expectOk("z2,60000100,4");
            gdb.expectOk("z2,60000200,4");
            // Stepping reports a change too: make the next instruction's effect visible by watching r0's target.
            gdb.expectOk("Z2,60000100,4");
            assertTrue(gdb.writeMemory(BASE + 0x100, new byte[] {9, 0, 0, 0}));
            assertEquals("T05thread:1;0f:18000060;", gdb.exchange("s"), "a debugger's own write is no trigger");
            gdb.expectOk("z2,60000100,4");
            gdb.expectOk("D");
        }
    }

    @Test
    void interruptStopsARunningCore() throws IOException {
        TestBoard board = countingProgram();
        try (StubUnderTest stub = new StubUnderTest(board); RspClient gdb = stub.connect()) {
            gdb.handshake();
            gdb.sendResume();
            StubUnderTest.awaitInstructions(board.cpu, 1_000_000);
            assertTrue(gdb.interrupt());
            int[] regs = new int[17];
            gdb.readCoreRegisters(regs);
            assertTrue(regs[15] == BASE + 0x14 || regs[15] == BASE + 0x18, Integer.toHexString(regs[15]));
            assertTrue(regs[0] > 1000, "the loop ran: r0 = " + regs[0]);
            assertEquals("T02thread:1;0f:" + le32(regs[15]) + ";", gdb.exchange("?"));
            long stoppedAt = board.cpu.instructionsRetired();
            assertEquals(stoppedAt, board.cpu.instructionsRetired(), "the core stays stopped");
            gdb.kill();
            assertEquals(SessionEnd.KILLED, stub.sessionEnd());
        }
    }

    @Test
    void interruptWakesAStubWaitingOnAnIdleCore() throws IOException {
        TestBoard board = new TestBoard().load(BASE, NOP, TinyArm.WFI, NOP);
        try (StubUnderTest stub = new StubUnderTest(board); RspClient gdb = stub.connect()) {
            gdb.handshake();
            gdb.sendResume();
            StubUnderTest.awaitInstructions(board.cpu, 2);
            assertTrue(gdb.interrupt());
            assertEquals(BASE + 8, board.cpu.state.pc);
            assertTrue(gdb.step(), "stepping a core that nothing will wake reports a stop in place");
            assertEquals(BASE + 8, board.cpu.state.pc);
            gdb.expectOk("D");
            assertEquals(SessionEnd.DETACHED, stub.sessionEnd());
        }
    }

    @Test
    void runningLoopsAllocateNothing() throws IOException {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        TestBoard board = countingProgram();
        try (StubUnderTest stub = new StubUnderTest(board); RspClient gdb = stub.connect()) {
            gdb.handshake();
            // Free running, polling the connection between slices.
            gdb.sendResume();
            StubUnderTest.awaitInstructions(board.cpu, 2_000_000);
            long before = threads.getThreadAllocatedBytes(stub.threadId());
            StubUnderTest.awaitInstructions(board.cpu, 12_000_000);
            long freeRunning = threads.getThreadAllocatedBytes(stub.threadId()) - before;
            assertTrue(gdb.interrupt());

            // Stepping one instruction at a time against a breakpoint and a watchpoint.
            gdb.insertBreakpoint(BASE + 0x40, 4);
            gdb.expectOk("Z2,60000300,4");
            long start = board.cpu.instructionsRetired();
            gdb.sendResume();
            StubUnderTest.awaitInstructions(board.cpu, start + 500_000);
            before = threads.getThreadAllocatedBytes(stub.threadId());
            StubUnderTest.awaitInstructions(board.cpu, start + 3_000_000);
            long stepping = threads.getThreadAllocatedBytes(stub.threadId()) - before;
            assertTrue(gdb.interrupt());
            gdb.expectOk("D");
            // Ten million instructions in slices of 100,000: a few hundred bytes would be a leak
            // per slice, megabytes one per instruction. Allow some slack for the JVM's own doings.
            assertTrue(freeRunning < 64 * 1024, "free running allocated " + freeRunning + " bytes");
            assertTrue(stepping < 64 * 1024, "stepping against break- and watchpoints allocated " + stepping + " bytes");
        }
    }

    @Test
    void aFreelyRunningEmulatorLetsADebuggerAttachBetweenSlices() throws Exception {
        TestBoard board = countingProgram();
        try (GdbServer server = GdbServer.open(board, 0)) {
            assertNull(server.serveIfConnecting(), "nobody is connecting");
            java.util.concurrent.CompletableFuture<SessionEnd> end = new java.util.concurrent.CompletableFuture<>();
            Thread emulator = new Thread(() -> {
                try {
                    while (true) {
                        board.cpu.run(10_000);
                        SessionEnd session = server.serveIfConnecting();
                        if (session != null) {
                            end.complete(session);
                            return;
                        }
                    }
                } catch (IOException e) {
                    end.completeExceptionally(e);
                }
            }, "free-running-emulator");
            emulator.setDaemon(true);
            emulator.start();
            StubUnderTest.awaitInstructions(board.cpu, 1_000_000);
            try (RspClient gdb = RspClient.connect(server.port(), java.time.Duration.ofSeconds(10))) {
                gdb.handshake();
                assertTrue(gdb.exchange("?").startsWith("T05"), "attached to a stopped core");
                long stoppedAt = board.cpu.instructionsRetired();
                assertTrue(gdb.step());
                assertEquals(stoppedAt + 1, board.cpu.instructionsRetired());
                gdb.expectOk("D");
            }
            assertEquals(SessionEnd.DETACHED, end.get(30, java.util.concurrent.TimeUnit.SECONDS));
        }
    }

    @Test
    void exitedGuestIsReportedWithItsStatus() throws IOException {
        TestBoard board = new TestBoard().load(BASE, movImm(0, 1), ldr(1, 0, 0), NOP);
        try (StubUnderTest stub = new StubUnderTest(board); RspClient gdb = stub.connect()) {
            gdb.handshake();
            assertTrue(gdb.step());
            board.exited = true;
            board.exitStatus = 3;
            assertFalse(gdb.step());
            assertEquals(3, gdb.exitStatus());
            assertEquals("W03", gdb.exchange("?"));
        }
    }

    @Test
    void noAckModeAndDisconnect() throws IOException {
        TestBoard board = countingProgram();
        try (StubUnderTest stub = new StubUnderTest(board)) {
            try (RspClient gdb = stub.connect()) {
                String supported = gdb.handshake();
                assertTrue(supported.contains("QStartNoAckMode+"));
                assertTrue(gdb.step());
                assertEquals(BASE + 4, board.cpu.state.pc);
            }
            assertEquals(SessionEnd.DISCONNECTED, stub.sessionEnd());
        }
    }

    @Test
    void malformedAndUnknownPackets() throws IOException {
        TestBoard board = countingProgram();
        try (StubUnderTest stub = new StubUnderTest(board); RspClient gdb = stub.connect()) {
            gdb.handshake();
            assertEquals("", gdb.exchange("vMustReplyEmpty"));
            assertEquals("", gdb.exchange("qTStatus"));
            assertEquals("E02", gdb.exchange("mzz,4"));
            assertEquals("E02", gdb.exchange("M60000000,4:0011"));
            assertNull(gdb.readMemory(0x70000010, 4));
            gdb.expectOk("D");
        }
    }

    private static String le32(int value) {
        return String.format("%02x%02x%02x%02x", value & 0xff, (value >>> 8) & 0xff, (value >>> 16) & 0xff, value >>> 24);
    }
}
