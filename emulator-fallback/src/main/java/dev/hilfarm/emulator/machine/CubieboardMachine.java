package dev.hilfarm.emulator.machine;

import dev.hilfarm.board.BoardProfile;
import dev.hilfarm.board.CpuModel;
import dev.hilfarm.emulator.bus.MemoryRegion;
import dev.hilfarm.emulator.bus.PhysicalBus;
import dev.hilfarm.emulator.cpu.Cpu;
import dev.hilfarm.emulator.device.AllwinnerA10Pic;
import dev.hilfarm.emulator.device.AllwinnerA10Pit;
import dev.hilfarm.emulator.device.DevicePage;
import dev.hilfarm.emulator.device.InterruptLine;
import dev.hilfarm.emulator.device.Ns16550Uart;
import dev.hilfarm.emulator.device.OnChipSram;
import dev.hilfarm.emulator.memory.DirectMemory;
import java.util.ArrayList;
import java.util.List;

/**
 * The Cubieboard: an Allwinner A10 with one Cortex-A8 and no MPCore private region (no SCU, no
 * GIC, no CBAR), as QEMU 7.2's {@code -M cubieboard} builds it. RAM, the console UART and the
 * CPU model come from the board profile; the other devices sit where QEMU's allwinner-a10 SoC
 * puts them: the 48 KiB SRAM A at 0, the interrupt controller at 0x01c20400 and the timers at
 * 0x01c20c00 (whose window QEMU's RTC at 0x01c20d00 cuts to 256 bytes), the 16550 UART0 with
 * registers four bytes apart at its 115200 Hz base baud on interrupt 1, the timers on
 * interrupts 22-25, 67 and 68.
 *
 * <p>QEMU's EMAC, SD host, AHCI and RTC are not modelled: here they read as zero and ignore
 * writes, as every unmapped address does on QEMU's cubieboard too (no external abort). QEMU 7.2
 * has no power-off or reset device on this machine; bare-metal programs end through
 * semihosting, and a program that waits for an interrupt nothing will raise ends the run IDLE.
 */
public final class CubieboardMachine implements Machine {
    public static final int SRAM_A = 0x00000000;
    public static final int SRAM_A_SIZE = 48 * 1024;
    /** The 4 KiB page shared by the clock unit, interrupt controller, GPIO and timers. */
    public static final int SYSTEM_PAGE = 0x01c20000;
    public static final int PIC = 0x01c20400;
    public static final int PIT = 0x01c20c00;
    /** What of the timer block QEMU leaves visible below its RTC at 0x01c20d00. */
    public static final int PIT_VISIBLE_SIZE = 0x100;
    public static final int UART0 = 0x01c28000;
    /** QEMU's serial_mm_init(..., regshift 2, ..., baudbase 115200, ...). */
    public static final int UART_REG_SHIFT = 2;
    public static final long UART_BASE_BAUD = 115_200;
    /** The timers' inputs at the interrupt controller, timer 0 first. */
    public static final int[] PIT_IRQS = {22, 23, 24, 25, 67, 68};
    /** The machine number QEMU's cubieboard passes to Linux in r1. */
    public static final int LINUX_BOARD_ID = 0x1008;

    private final BoardProfile profile;
    private final MachineOptions options;
    private final Cpu cpu = new Cpu();
    private final VirtualClock clock;
    /** Slices, stop and reset requests, input wake-ups, wall-clock pacing: the same for every machine. */
    private final MachineRunLoop loop;
    private final EventScheduler scheduler;
    private final PhysicalBus bus = new PhysicalBus();
    private final AllwinnerA10Pic pic;
    private final AllwinnerA10Pit pit;
    private final Ns16550Uart console;
    private final MemoryRegion ram;

    private final List<LoadedImage> images = new ArrayList<>();
    private final List<Runnable> resetHooks = new ArrayList<>();
    private int entry;
    private boolean entrySet;


    private CubieboardMachine(BoardProfile profile, MachineOptions options) {
        this.profile = profile;
        this.options = options;
        if (profile.cpu().model() != CpuModel.CORTEX_A8) {
            throw new IllegalArgumentException("board " + profile.name() + ": the profile's CPU is a " + profile.cpu().model().id()
                    + ", but the Allwinner A10 has a cortex-a8");
        }
        this.clock = new VirtualClock(cpu::instructionsRetired, options.nanosPerUnit(), options.instructionsPerUnit());
        this.scheduler = new EventScheduler(clock);
        scheduler.onEarlierEvent(cpu::rescheduleEvents);
        cpu.events = scheduler;
        loop = new MachineRunLoop(cpu, scheduler, clock, options, new MachineRunLoop.Board() {
            @Override
            public boolean poweredOff() {
                return false;
            }

            @Override
            public void performReset() {
                CubieboardMachine.this.performReset();
            }

            @Override
            public void pollInput() {
                console.pollInput();
            }
        });

        BoardProfile.Memory ramSpec = profile.ram();
        ram = bus.mapRam("RAM", checkedAddress(ramSpec.base(), "RAM base"), ramSpec.size());
        bus.mapDevice("SRAM A", SRAM_A, new OnChipSram(SRAM_A_SIZE));

        pic = new AllwinnerA10Pic(level -> cpu.irqLine = level, level -> cpu.fiqLine = level);
        InterruptLine[] timerLines = new InterruptLine[PIT_IRQS.length];
        for (int i = 0; i < timerLines.length; i++) {
            timerLines[i] = pic.input(PIT_IRQS[i]);
        }
        pit = new AllwinnerA10Pit(scheduler, timerLines);
        bus.mapDevice("A10 interrupt controller and timers", SYSTEM_PAGE, new DevicePage()
                .place(PIC - SYSTEM_PAGE, pic.windowSize(), pic)
                .place(PIT - SYSTEM_PAGE, PIT_VISIBLE_SIZE, pit));

        BoardProfile.ConsoleUart consoleSpec = profile.console();
        if (consoleSpec.kind() != BoardProfile.UartKind.NS16550) {
            throw new IllegalArgumentException("board " + profile.name() + ": the console is a " + consoleSpec.kind()
                    + " UART, but the A10's UARTs are 16550-compatible");
        }
        if (consoleSpec.address() != (UART0 & 0xffffffffL)) {
            throw new IllegalArgumentException(String.format("board %s: the console UART at 0x%08x is not the A10's UART0 (0x%08x),"
                    + " the only UART QEMU's cubieboard has", profile.name(), consoleSpec.address(), UART0));
        }
        if (consoleSpec.irq() < 0 || consoleSpec.irq() >= AllwinnerA10Pic.INPUTS) {
            throw new IllegalArgumentException("board " + profile.name() + ": console interrupt " + consoleSpec.irq()
                    + " is not an input of the A10 interrupt controller (0-" + (AllwinnerA10Pic.INPUTS - 1) + ")");
        }
        console = new Ns16550Uart(scheduler, UART_REG_SHIFT, UART_BASE_BAUD, pic.input(consoleSpec.irq()));
        console.onInput(this::signalInput);
        bus.mapDevice("16550 UART0", UART0, console);

        cpu.memory = new DirectMemory(bus);
        cpu.reset(0);
    }

    /** Whether {@code profile} describes an Allwinner A10 board this machine emulates. */
    public static boolean emulates(BoardProfile profile) {
        return profile.soc().startsWith("Allwinner A10");
    }

    /** Builds the machine a board profile describes, with the complete core ({@link StandardCpuWiring}). */
    public static CubieboardMachine create(BoardProfile profile, MachineOptions options) {
        return create(profile, options, new StandardCpuWiring());
    }

    /** Builds the machine a board profile describes, with the core's parts installed by {@code wiring}. */
    public static CubieboardMachine create(BoardProfile profile, MachineOptions options, CpuWiring wiring) {
        CubieboardMachine machine = new CubieboardMachine(profile, options);
        wiring.wire(machine, machine.cpu);
        machine.cpu.reset(0);
        return machine;
    }

    private static int checkedAddress(long address, String what) {
        if (address < 0 || address > 0xffffffffL) {
            throw new IllegalArgumentException(what + " 0x" + Long.toHexString(address) + " is outside the 32-bit address space");
        }
        return (int) address;
    }

    // ---- parts ----

    @Override
    public BoardProfile profile() {
        return profile;
    }

    @Override
    public Cpu cpu() {
        return cpu;
    }

    @Override
    public PhysicalBus bus() {
        return bus;
    }

    @Override
    public EventScheduler scheduler() {
        return scheduler;
    }

    @Override
    public VirtualClock clock() {
        return clock;
    }

    @Override
    public MemoryRegion ram() {
        return ram;
    }

    @Override
    public Ns16550Uart console() {
        return console;
    }

    public AllwinnerA10Pic interruptController() {
        return pic;
    }

    public AllwinnerA10Pit timers() {
        return pit;
    }

    /** The Cortex-A8 has no MPCore private region and no CBAR. */
    @Override
    public int privatePeripheralBase() {
        return 0;
    }

    @Override
    public LinuxBootTraits linuxBoot() {
        return new LinuxBootTraits(LINUX_BOARD_ID, false);
    }

    // ---- loading ----

    @Override
    public LoadedImage loadElf(String name, byte[] bytes) {
        return place(LoadedImage.of(ElfImage.parse(name, bytes)));
    }

    @Override
    public LoadedImage loadRaw(String name, byte[] bytes, int address) {
        return place(LoadedImage.raw(name, bytes, address));
    }

    private LoadedImage place(LoadedImage image) {
        image.placeInto(bus);
        images.add(image);
        setEntry(image.entry());
        return image;
    }

    @Override
    public void setEntry(int address) {
        entry = address;
        entrySet = true;
        startAtEntry();
    }

    private void startAtEntry() {
        if (entrySet) {
            cpu.state.thumb = (entry & 1) != 0;
            cpu.state.pc = entry & ~1;
            cpu.state.nextPc = cpu.state.pc;
        }
    }

    // ---- running ----

    @Override
    public void requestStop() {
        loop.requestStop();
    }

    @Override
    public void requestReset() {
        loop.requestReset();
    }

    @Override
    public void onReset(Runnable hook) {
        resetHooks.add(hook);
    }

    /** QEMU's cubieboard has no power controller: the guest cannot power it off. */
    @Override
    public boolean poweredOff() {
        return false;
    }

    private void signalInput() {
        loop.signalInput();
    }



    @Override
    public void reset() {
        loop.resetNow();
    }

    @Override
    public RunResult run(long maxInstructions) {
        return loop.run(maxInstructions);
    }

    private void performReset() {
        scheduler.cancelAll();
        bus.resetDevices();
        for (Runnable hook : resetHooks) {
            hook.run();
        }
        cpu.reset(0);
        cpu.rescheduleEvents();
        for (LoadedImage image : images) {
            image.placeInto(bus);
        }
        startAtEntry();
    }
}
