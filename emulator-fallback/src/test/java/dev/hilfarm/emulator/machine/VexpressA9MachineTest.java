package dev.hilfarm.emulator.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hilfarm.board.BoardProfile;
import dev.hilfarm.board.BoardProfiles;
import dev.hilfarm.board.CpuModel;
import dev.hilfarm.emulator.bus.PhysicalBus;
import dev.hilfarm.emulator.cpu.Cpu;
import dev.hilfarm.emulator.cpu.Mode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class VexpressA9MachineTest {
    static final BoardProfile VEXPRESS = BoardProfiles.load(Optional.empty()).find("vexpress-a9").orElseThrow();
    private static final int ENTRY = 0x60010000;

    static VexpressA9Machine machine(ScriptedCore core) {
        return machine(VEXPRESS, MachineOptions.defaults(), core);
    }

    static VexpressA9Machine machine(BoardProfile profile, MachineOptions options, ScriptedCore core) {
        VexpressA9Machine m = VexpressA9Machine.create(profile, options, core);
        m.setEntry(ENTRY);
        return m;
    }

    static BoardProfile withRam(BoardProfile p, long base, long size) {
        return new BoardProfile(p.name(), p.description(), p.soc(), p.cpu(), new BoardProfile.Memory(base, size),
                p.console(), p.usb(), p.bootloader(), p.linux(), p.qemu(), p.power(), p.source());
    }

    static BoardProfile withConsole(BoardProfile p, BoardProfile.UartKind kind, long address, int irq) {
        BoardProfile.ConsoleUart c = p.console();
        return new BoardProfile(p.name(), p.description(), p.soc(), p.cpu(), p.ram(),
                new BoardProfile.ConsoleUart(kind, address, irq, c.baud(), c.linuxDevice()),
                p.usb(), p.bootloader(), p.linux(), p.qemu(), p.power(), p.source());
    }

    /** Writes SYS_CFG: the sequence Linux's vexpress-sysreg driver uses. */
    static void sysCfgWrite(Cpu cpu, int function) {
        cpu.memory.write32(0x100000a0, 0);
        cpu.memory.write32(0x100000a8, 0);
        cpu.memory.write32(0x100000a4, (1 << 31) | (1 << 30) | (function << 20));
    }

    @Test
    void buildsTheLegacyMemoryMapFromTheProfile() {
        VexpressA9Machine m = machine(new ScriptedCore());
        PhysicalBus bus = m.bus();
        assertEquals(0x60000000, m.ram().base());
        assertEquals(1L << 30, m.ram().size());
        assertEquals("RAM", bus.describe(0x9fffffff));
        assertEquals("unmapped space", bus.describe(0xa0000000));
        assertEquals(0x1190f500, bus.read32(0x10000000));
        for (int uart = 0; uart < 4; uart++) {
            assertEquals(0x11, bus.read32(0x10009fe0 + uart * 0x1000), "UART" + uart);
            assertEquals(0xb1, bus.read32(0x10009ffc + uart * 0x1000));
        }
        assertSame(m.uart(0), m.console());
        assertEquals(0x04, bus.read32(0x10011fe0), "SP804 timer 0/1");
        assertEquals(0x04, bus.read32(0x10012fe0), "SP804 timer 2/3");
        assertEquals(0x04, bus.read32(0x100e4fe0), "daughterboard SP804");
        assertEquals(0x31, bus.read32(0x10017fe0), "PL031");
        assertEquals(0x10, bus.read32(0x10001fe0), "SP810");
        assertEquals(0x10, bus.read32(0x1e000004), "SCU: one CPU");
        assertEquals(0x90, bus.read32(0x1e001fe0), "GIC distributor");
        assertEquals(0x0001043b, bus.read32(0x1e0001fc), "GIC CPU interface");
        assertEquals(0x410000c8, bus.read32(0x1e00a000), "PL310");
        assertEquals(0x1e000000, m.privatePeripheralBase());
        assertEquals(0, bus.read32(0x10002000), "nothing at the serial PCI window");
        bus.write32(0x10002000, 1);
        assertEquals(0, bus.read32(0x1e000fe0), "between the private blocks");
        bus.write32(0x48000000, 0x5a5a5a5a);
        assertEquals(0x5a5a5a5a, bus.read32(0x48000000), "SRAM");
        assertEquals("video RAM", bus.describe(0x4c7fffff));
        assertEquals("NOR flash 1", bus.describe(0x44000000));
    }

    @Test
    void addressZeroShowsNorFlashZeroAsOnQemu() {
        VexpressA9Machine m = machine(new ScriptedCore());
        m.loadRaw("flash image", new byte[] {0x78, 0x56, 0x34, 0x12}, 0x40000000);
        assertEquals(0x12345678, m.bus().read32(0x0));
        m.bus().write32(0x0, 0);
        assertEquals(0x12345678, m.bus().read32(0x0), "flash, not RAM: the write is ignored");
        assertEquals(0x12345678, m.bus().read32(0x40000000));
        m.bus().write32(0x60000000, 0xabcd);
        assertEquals(0x12345678, m.bus().read32(0x0), "RAM is not aliased at 0");
        assertEquals(0, m.bus().read32(0x04000000), "the alias is 64 MiB");
    }

    @Test
    void theProfileChoosesRamAndTheConsoleUart() {
        BoardProfile small = withConsole(withRam(VEXPRESS, 0x60000000L, 256L << 20), BoardProfile.UartKind.PL011,
                0x1000a000L, 38);
        VexpressA9Machine m = machine(small, MachineOptions.defaults(), new ScriptedCore());
        assertEquals(256L << 20, m.ram().size());
        m.bus().write32(0x70000000, 7);
        assertEquals(0, m.bus().read32(0x70000000), "beyond the profile's RAM");
        assertSame(m.uart(1), m.console());
        PhysicalBus bus = m.bus();
        bus.write32(0x1000a038, 0x20); // UART1 TX interrupt enabled
        bus.write32(0x1000a000, 'x');
        assertEquals(1 << (38 - 32), bus.read32(0x1e001204), "the console's interrupt is the profile's (ID 38)");
    }

    @Test
    void profilesThisMachineCannotBuildAreRefusedWithAReason() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> machine(
                withConsole(VEXPRESS, BoardProfile.UartKind.PL011, 0x10008000L, 37), MachineOptions.defaults(), new ScriptedCore()));
        assertTrue(e.getMessage().contains("0x10008000"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> machine(
                withConsole(VEXPRESS, BoardProfile.UartKind.OMAP, 0x10009000L, 37), MachineOptions.defaults(), new ScriptedCore()));
        assertTrue(e.getMessage().contains("OMAP"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> machine(
                withConsole(VEXPRESS, BoardProfile.UartKind.PL011, 0x10009000L, 5), MachineOptions.defaults(), new ScriptedCore()));
        assertTrue(e.getMessage().contains("interrupt 5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> machine(
                withRam(VEXPRESS, 0x10000000L, 1L << 20), MachineOptions.defaults(), new ScriptedCore()));
        assertTrue(e.getMessage().contains("overlaps"), e.getMessage());
        BoardProfile p = VEXPRESS;
        BoardProfile a8 = new BoardProfile(p.name(), p.description(), p.soc(), new BoardProfile.Cpu(CpuModel.CORTEX_A8, 1),
                p.ram(), p.console(), p.usb(), p.bootloader(), p.linux(), p.qemu(), p.power(), p.source());
        e = assertThrows(IllegalArgumentException.class, () -> machine(a8, MachineOptions.defaults(), new ScriptedCore()));
        assertTrue(e.getMessage().contains("cortex-a8"), e.getMessage());
        BoardProfile beagle = BoardProfiles.load(Optional.empty()).find("beaglebone-black").orElseThrow();
        e = assertThrows(IllegalArgumentException.class, () -> machine(beagle, MachineOptions.defaults(), new ScriptedCore()));
        assertTrue(e.getMessage().contains("no device layout"), e.getMessage());
    }

    @Test
    void shutdownThroughSysCfgPowersOffAndReportsWhere() {
        ScriptedCore core = new ScriptedCore().at(ENTRY + 400, cpu -> sysCfgWrite(cpu, 8));
        VexpressA9Machine m = machine(core);
        RunResult result = m.run(Long.MAX_VALUE);
        assertEquals(RunResult.Reason.POWER_OFF, result.reason());
        assertEquals(101, result.instructions(), "100 no-ops and the shutdown");
        assertEquals(ENTRY + 404, result.pc());
        assertEquals(Mode.SVC, result.mode());
        assertTrue(m.poweredOff());
        assertEquals(RunResult.Reason.POWER_OFF, m.run(1000).reason(), "stays off");
    }

    @Test
    void anInstructionLimitAndAStopRequestEndTheRun() {
        VexpressA9Machine m = machine(new ScriptedCore());
        RunResult r = m.run(12345);
        assertEquals(RunResult.Reason.INSTRUCTION_LIMIT, r.reason());
        assertEquals(12345, r.instructions());
        assertEquals(ENTRY + 4 * 12345, r.pc());
        m.requestStop();
        assertEquals(RunResult.Reason.STOPPED, m.run(Long.MAX_VALUE).reason(), "a stop requested before run() still counts");
        Thread stopper = new Thread(() -> {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            m.requestStop();
        });
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            stopper.start();
            assertEquals(RunResult.Reason.STOPPED, m.run(Long.MAX_VALUE).reason());
        });
    }

    @Test
    void aCoreWaitingForAnInterruptNothingCanRaiseIsIdle() {
        ScriptedCore core = new ScriptedCore().at(ENTRY + 8, cpu -> cpu.waitingForInterrupt = true);
        RunResult r = machine(core).run(Long.MAX_VALUE);
        assertEquals(RunResult.Reason.IDLE, r.reason());
        assertEquals(3, r.instructions());
    }

    /**
     * The guest programs SP804 timer 0 for 1000 us one-shot, enables its interrupt in the GIC and
     * waits; time jumps to the interrupt, which the handler acknowledges before powering off.
     */
    private static List<String> timerInterruptRun(VexpressA9Machine[] holder) {
        List<String> log = new ArrayList<>();
        ScriptedCore core = new ScriptedCore()
                .at(ENTRY, cpu -> {
                    cpu.memory.write32(0x1e001000, 1);           // distributor on
                    cpu.memory.write32(0x1e000100, 1);           // CPU interface on
                    cpu.memory.write32(0x1e000104, 0xf0);        // priority mask
                    cpu.memory.write32(0x1e001104, 1 << 2);      // enable ID 34 (SPI 2)
                    cpu.memory.write32(0x10011000, 1000);
                    cpu.memory.write32(0x10011008, 0xa3);        // one-shot, 32-bit, IE, enable
                    cpu.state.maskI = false;
                })
                .at(ENTRY + 4, cpu -> cpu.waitingForInterrupt = true)
                .at(ScriptedCore.VECTORS + 0x18, cpu -> {
                    int id = cpu.memory.read32(0x1e00010c);
                    log.add("irq " + id + " in " + Mode.name(cpu.state.mode()) + " at " + holder[0].clock().nanos() + " ns");
                    cpu.memory.write32(0x1001100c, 1);
                    cpu.memory.write32(0x1e000110, id);
                    sysCfgWrite(cpu, 8);
                });
        holder[0] = machine(core);
        RunResult r = holder[0].run(Long.MAX_VALUE);
        log.add(r.reason() + " " + r.instructions());
        return log;
    }

    @Test
    void aTimerInterruptWakesTheWaitingCoreAtTheRightVirtualTimeEveryTime() {
        VexpressA9Machine[] holder = new VexpressA9Machine[1];
        List<String> first = timerInterruptRun(holder);
        assertEquals(List.of("irq 34 in irq at 1000000 ns", "POWER_OFF 1000001"), first,
                "programmed during instruction 0, the timer fires 1000 us later; the wait counts as time");
        assertEquals(first, timerInterruptRun(holder), "deterministic");
    }

    @Test
    void rebootPlacesTheImageAgainAndRestartsAtTheEntryPoint() {
        int[] boots = new int[1];
        ScriptedCore core = new ScriptedCore().at(ENTRY, cpu -> {
            boots[0]++;
            assertEquals(0x11223344, cpu.memory.read32(ENTRY + 0x100), "the image is intact at boot " + boots[0]);
            cpu.memory.write32(ENTRY + 0x100, 0);
            sysCfgWrite(cpu, boots[0] == 1 ? 9 : 8);
        });
        VexpressA9Machine m = machine(core);
        int[] hooks = new int[1];
        m.onReset(() -> hooks[0]++);
        byte[] image = new byte[0x104];
        image[0x100] = 0x44;
        image[0x101] = 0x33;
        image[0x102] = 0x22;
        image[0x103] = 0x11;
        m.loadRaw("image", image, ENTRY);
        m.bus().write32(0x10000030, 0x5);
        assertEquals(RunResult.Reason.POWER_OFF, m.run(Long.MAX_VALUE).reason());
        assertEquals(2, boots[0]);
        assertEquals(1, hooks[0], "reset hooks ran once, for the reboot");
        assertEquals(0, m.bus().read32(0x10000030), "devices were reset");
    }

    @Test
    void followingTheWallClockKeepsVirtualTimeFromRunningAhead() {
        ScriptedCore core = new ScriptedCore()
                .at(ENTRY, cpu -> {
                    cpu.memory.write32(0x10011000, 50_000);  // 50 ms at 1 MHz
                    cpu.memory.write32(0x10011008, 0x83);    // one-shot, 32-bit, enabled, interrupt masked
                })
                .at(ENTRY + 4, cpu -> {
                    if ((cpu.memory.read32(0x10011010) & 1) == 0) {
                        cpu.state.branchWritePc(ENTRY + 4);
                    } else {
                        sysCfgWrite(cpu, 8);
                    }
                });
        VexpressA9Machine m = machine(VEXPRESS, MachineOptions.defaults().withSyncToWallClock(true), core);
        long start = System.nanoTime();
        assertEquals(RunResult.Reason.POWER_OFF, m.run(Long.MAX_VALUE).reason());
        long wall = System.nanoTime() - start;
        assertTrue(m.clock().nanos() >= 50_000_000L);
        assertTrue(wall >= 45_000_000L, "50 ms of guest time took only " + wall + " ns of host time");
    }

    @Test
    void consoleInputWakesAnIdleGuestWhenTheMachineWaitsForInput() {
        ByteArrayOutputStream echoed = new ByteArrayOutputStream();
        ScriptedCore core = new ScriptedCore()
                .at(ENTRY, cpu -> {
                    cpu.memory.write32(0x1e001000, 1);
                    cpu.memory.write32(0x1e000100, 1);
                    cpu.memory.write32(0x1e000104, 0xf0);
                    cpu.memory.write32(0x1e001104, 1 << 5);      // UART0 = SPI 5 = ID 37
                    cpu.memory.write32(0x10009038, 0x10);        // RX interrupt
                    cpu.state.maskI = false;
                })
                .at(ENTRY + 4, cpu -> cpu.waitingForInterrupt = true)
                .at(ScriptedCore.VECTORS + 0x18, cpu -> {
                    int id = cpu.memory.read32(0x1e00010c);
                    int c = cpu.memory.read32(0x10009000) & 0xff;
                    cpu.memory.write32(0x10009000, Character.toUpperCase(c));
                    cpu.memory.write32(0x1e000110, id);
                    if (c == 'q') {
                        sysCfgWrite(cpu, 8);
                    } else {
                        cpu.state.branchWritePc(ENTRY + 4);
                        cpu.state.switchMode(Mode.SVC);
                    }
                });
        VexpressA9Machine m = machine(VEXPRESS, MachineOptions.defaults().withWaitForInput(true), core);
        m.console().output(echoed::write);
        Thread typist = new Thread(() -> {
            for (byte b : "abq".getBytes(StandardCharsets.US_ASCII)) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
                m.console().receive(b);
            }
        });
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            typist.start();
            assertEquals(RunResult.Reason.POWER_OFF, m.run(Long.MAX_VALUE).reason());
        });
        assertEquals("ABQ", echoed.toString(StandardCharsets.US_ASCII));
        assertFalse(m.console().hasQueuedInput());
    }
}
