package dev.hilfarm.emulator.machine;

import dev.hilfarm.board.BoardProfile;
import dev.hilfarm.emulator.bus.MemoryRegion;
import dev.hilfarm.emulator.bus.PhysicalBus;
import dev.hilfarm.emulator.cpu.Cpu;
import dev.hilfarm.emulator.device.A9GlobalTimer;
import dev.hilfarm.emulator.device.A9PrivateRegion;
import dev.hilfarm.emulator.device.A9PrivateTimer;
import dev.hilfarm.emulator.device.A9Scu;
import dev.hilfarm.emulator.device.A9Watchdog;
import dev.hilfarm.emulator.device.CfiFlash;
import dev.hilfarm.emulator.device.Gic;
import dev.hilfarm.emulator.device.Pl011Uart;
import dev.hilfarm.emulator.device.Pl031Rtc;
import dev.hilfarm.emulator.device.Pl181Mmci;
import dev.hilfarm.emulator.device.SdCard;
import dev.hilfarm.emulator.device.Pl310L2Cache;
import dev.hilfarm.emulator.device.PowerControl;
import dev.hilfarm.emulator.device.Sp804DualTimer;
import dev.hilfarm.emulator.device.Sp810SystemController;
import dev.hilfarm.emulator.device.VexpressSystemRegisters;
import dev.hilfarm.emulator.memory.DirectMemory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A Versatile Express board with one Cortex-A9, assembled from a board profile: RAM, the console
 * UART and the CPU model come from the profile, the placement of the other devices from the
 * {@link VexpressLayout} for the board. Owns the physical bus, the devices, the virtual clock and
 * scheduler, and one {@link Cpu}; runs it in slices, between which it feeds UART input, honours
 * stop requests, and carries out the guest's shutdown and reboot requests.
 *
 * <p>One core is modelled whatever the profile's core count, as QEMU's vexpress-a9 does by
 * default (the SCU reports one CPU, so an SMP kernel brings up only that one). Address 0 shows
 * NOR flash 0, not RAM: on QEMU 7.2 the flash alias hides the RAM alias it also maps there. Both
 * NOR flashes are CFI flash ({@link CfiFlash}) backed by the option's files, the MMCI a PL181 with
 * the option's SD card image. Motherboard devices this machine does not model (KMI, AACI, CLCD, Ethernet, USB, the
 * SP805 watchdog, virtio-mmio) read as zero and ignore writes, like any unmapped address.
 *
 * <p>Not thread-safe except for {@link #requestStop()} and the UARTs' {@code receive}; everything
 * else belongs to the thread that calls {@link #run}.
 */
public final class VexpressA9Machine implements Machine {
    /** UARTCLK on the V2M-P1 (motherboard oscillator OSC2). */
    public static final long UART_CLOCK_HZ = 24_000_000;

    private final BoardProfile profile;
    private final VexpressLayout layout;
    private final MachineOptions options;
    private final Cpu cpu = new Cpu();
    private final VirtualClock clock;
    /** Slices, stop and reset requests, input wake-ups, wall-clock pacing: the same for every machine. */
    private final MachineRunLoop loop;
    private final EventScheduler scheduler;
    private final PhysicalBus bus = new PhysicalBus();
    private final Gic gic;
    private final VexpressSystemRegisters systemRegisters;
    private final Sp810SystemController systemController;
    private final Pl011Uart[] uarts;
    private final Pl011Uart console;
    private final Sp804DualTimer timer01;
    private final Sp804DualTimer timer23;
    private final Sp804DualTimer daughterboardTimer;
    private final Pl031Rtc rtc;
    private final A9Scu scu;
    private final A9GlobalTimer globalTimer;
    private final A9PrivateTimer privateTimer;
    private final A9Watchdog watchdog;
    private final Pl310L2Cache l2Cache;
    private final MemoryRegion ram;
    private final MemoryRegion flash0;
    private final CfiFlash[] flashes = new CfiFlash[2];
    private final Pl181Mmci mmci;

    private final List<LoadedImage> images = new ArrayList<>();
    private final List<Runnable> resetHooks = new ArrayList<>();
    private int entry;
    private boolean entrySet;

    private boolean poweredOff;

    private VexpressA9Machine(BoardProfile profile, VexpressLayout layout, MachineOptions options) {
        this.profile = profile;
        this.layout = layout;
        this.options = options;
        if (profile.cpu().model() != layout.cpu()) {
            throw new IllegalArgumentException("board " + profile.name() + ": the profile's CPU is a " + profile.cpu().model().id()
                    + ", but this machine's private peripherals are those of a " + layout.cpu().id());
        }
        this.clock = new VirtualClock(cpu::instructionsRetired, options.nanosPerUnit(), options.instructionsPerUnit());
        this.scheduler = new EventScheduler(clock);
        scheduler.onEarlierEvent(cpu::rescheduleEvents);
        cpu.events = scheduler;
        loop = new MachineRunLoop(cpu, scheduler, clock, options, new MachineRunLoop.Board() {
            @Override
            public boolean poweredOff() {
                return poweredOff;
            }

            @Override
            public void performReset() {
                VexpressA9Machine.this.performReset();
            }

            @Override
            public void pollInput() {
                for (Pl011Uart uart : uarts) {
                    uart.pollInput();
                }
            }
        });

        gic = new Gic(layout.gicInterrupts());
        gic.connect(level -> cpu.irqLine = level, level -> cpu.fiqLine = level);

        // Memory: RAM from the profile, the motherboard's flash, SRAM and video RAM, and the
        // alias of flash 0 at address 0 (on QEMU's vexpress-a9 the flash alias wins over the RAM
        // alias it also maps there).
        BoardProfile.Memory ramSpec = profile.ram();
        ram = bus.mapRam("RAM", checkedAddress(ramSpec.base(), "RAM base"), ramSpec.size());
        flash0 = bus.mapRom("NOR flash 0", layout.flash0(), layout.flashSize());
        MemoryRegion flash1 = bus.mapRom("NOR flash 1", layout.flash1(), layout.flashSize());
        bus.mapAlias(flash0, layout.flashAlias(), layout.flashSize(), 0);
        MemoryRegion[] flashRegions = {flash0, flash1};
        for (int i = 0; i < flashes.length; i++) {
            String name = "NOR flash " + i;
            flashes[i] = i < options.flashImages().size()
                    ? CfiFlash.backedBy(bus, flashRegions[i], name, options.flashImages().get(i))
                    : CfiFlash.volatileFlash(bus, flashRegions[i], name);
        }
        bus.mapRam("SRAM", layout.sram(), layout.sramSize());
        bus.mapRam("video RAM", layout.videoRam(), layout.videoRamSize());

        systemRegisters = VexpressSystemRegisters.coreTileA9(scheduler);
        systemRegisters.powerControl(new PowerControl() {
            @Override
            public void shutdown() {
                poweredOff = true;
                cpu.requestStop();
            }

            @Override
            public void reboot() {
                requestReset();
            }
        });
        bus.mapDevice("system registers", layout.systemRegisters(), systemRegisters);
        SdCard card = options.sdCard() == null ? null : SdCard.open(options.sdCard());
        // SYS_MCI shows the slot's card-detect switch; the write-protect switch stays off.
        systemRegisters.mmcCard(card != null, false);
        mmci = new Pl181Mmci(card, gic.spi(layout.mmciSpis().get(0)), gic.spi(layout.mmciSpis().get(1)));
        bus.mapDevice("PL181 MMCI", layout.mmci(), mmci);
        systemController = new Sp810SystemController();
        bus.mapDevice("SP810 system controller", layout.systemController(), systemController);

        BoardProfile.ConsoleUart consoleSpec = profile.console();
        if (consoleSpec.kind() != BoardProfile.UartKind.PL011) {
            throw new IllegalArgumentException("board " + profile.name() + ": the console is a " + consoleSpec.kind()
                    + " UART, but this machine has PL011 UARTs");
        }
        int consoleAddress = checkedAddress(consoleSpec.address(), "console UART address");
        uarts = new Pl011Uart[layout.uarts().size()];
        Pl011Uart consoleUart = null;
        for (int i = 0; i < uarts.length; i++) {
            int base = layout.uarts().get(i);
            boolean isConsole = base == consoleAddress;
            int irq = isConsole ? consoleSpec.irq() : Gic.PRIVATE_COUNT + layout.uartSpis().get(i);
            if (irq < Gic.PRIVATE_COUNT || irq >= layout.gicInterrupts()) {
                throw new IllegalArgumentException("board " + profile.name() + ": console interrupt " + irq
                        + " is not a shared peripheral interrupt of the GIC (32-" + (layout.gicInterrupts() - 1) + ")");
            }
            uarts[i] = new Pl011Uart(scheduler, UART_CLOCK_HZ, gic.input(irq));
            uarts[i].onInput(this::signalInput);
            bus.mapDevice("PL011 UART" + i, base, uarts[i]);
            if (isConsole) {
                consoleUart = uarts[i];
            }
        }
        if (consoleUart == null) {
            throw new IllegalArgumentException(String.format("board %s: the console UART at 0x%08x is not one of this machine's UARTs %s",
                    profile.name(), consoleAddress, hexList(layout.uarts())));
        }
        console = consoleUart;

        timer01 = new Sp804DualTimer(scheduler, Sp804DualTimer.VEXPRESS_TIMCLK_HZ, "SP804 timer 0/1", gic.spi(layout.timer01Spi()));
        bus.mapDevice("SP804 timer 0/1", layout.timer01(), timer01);
        timer23 = new Sp804DualTimer(scheduler, Sp804DualTimer.VEXPRESS_TIMCLK_HZ, "SP804 timer 2/3", gic.spi(layout.timer23Spi()));
        bus.mapDevice("SP804 timer 2/3", layout.timer23(), timer23);
        rtc = new Pl031Rtc(scheduler, options.rtcEpochSeconds(), gic.spi(layout.rtcSpi()));
        bus.mapDevice("PL031 RTC", layout.rtc(), rtc);
        daughterboardTimer = new Sp804DualTimer(scheduler, Sp804DualTimer.VEXPRESS_TIMCLK_HZ, "daughterboard SP804",
                gic.spi(layout.daughterboardTimerSpi()));
        bus.mapDevice("daughterboard SP804", layout.daughterboardTimer(), daughterboardTimer);

        scu = new A9Scu(1);
        globalTimer = new A9GlobalTimer(scheduler, gic.input(A9PrivateRegion.GLOBAL_TIMER_IRQ));
        privateTimer = new A9PrivateTimer(scheduler, "a9 private timer", gic.input(A9PrivateRegion.PRIVATE_TIMER_IRQ));
        watchdog = new A9Watchdog(scheduler, gic.input(A9PrivateRegion.WATCHDOG_IRQ), this::requestReset);
        bus.mapDevice("Cortex-A9 private region", layout.privatePeripheralBase(),
                new A9PrivateRegion(scu, gic, globalTimer, privateTimer, watchdog));
        l2Cache = new Pl310L2Cache();
        bus.mapDevice("PL310 L2 cache controller", layout.l2CacheController(), l2Cache);

        cpu.memory = new DirectMemory(bus);
        cpu.reset(0);
    }

    /** Builds the machine a board profile describes, with the complete core ({@link StandardCpuWiring}). */
    public static VexpressA9Machine create(BoardProfile profile, MachineOptions options) {
        return create(profile, options, new StandardCpuWiring());
    }

    /**
     * Builds the machine a board profile describes, with the core's instruction sets, VFP and
     * system control installed by {@code wiring}.
     */
    public static VexpressA9Machine create(BoardProfile profile, MachineOptions options, CpuWiring wiring) {
        VexpressLayout layout = VexpressLayout.forBoard(profile.name()).orElseThrow(() -> new IllegalArgumentException(
                "board " + profile.name() + " has no device layout in the emulator (known: vexpress-a9)"));
        VexpressA9Machine machine = new VexpressA9Machine(profile, layout, options);
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

    private static String hexList(List<Integer> addresses) {
        StringBuilder b = new StringBuilder();
        for (int a : addresses) {
            b.append(b.length() == 0 ? "" : ", ").append(String.format("0x%08x", a));
        }
        return "(" + b + ")";
    }

    // ---- parts ----

    public BoardProfile profile() {
        return profile;
    }

    public VexpressLayout layout() {
        return layout;
    }

    public Cpu cpu() {
        return cpu;
    }

    public PhysicalBus bus() {
        return bus;
    }

    public EventScheduler scheduler() {
        return scheduler;
    }

    public VirtualClock clock() {
        return clock;
    }

    public Gic gic() {
        return gic;
    }

    /** The UART the profile names as the console. */
    public Pl011Uart console() {
        return console;
    }

    /** UART0-3 in address order. */
    public Pl011Uart uart(int index) {
        return uarts[index];
    }

    public VexpressSystemRegisters systemRegisters() {
        return systemRegisters;
    }

    public Sp810SystemController systemController() {
        return systemController;
    }

    public Sp804DualTimer timer01() {
        return timer01;
    }

    public Sp804DualTimer timer23() {
        return timer23;
    }

    public Pl031Rtc rtc() {
        return rtc;
    }

    public A9GlobalTimer globalTimer() {
        return globalTimer;
    }

    public A9PrivateTimer privateTimer() {
        return privateTimer;
    }

    public A9Watchdog watchdog() {
        return watchdog;
    }

    public Pl310L2Cache l2Cache() {
        return l2Cache;
    }

    public MemoryRegion ram() {
        return ram;
    }

    @Override
    public LinuxBootTraits linuxBoot() {
        return new LinuxBootTraits(dev.hilfarm.emulator.boot.LinuxDirectBoot.VEXPRESS_BOARD_ID, true);
    }

    /** NOR flash 0 (also at address 0) or 1. */
    public CfiFlash flash(int index) {
        return flashes[index];
    }

    public Pl181Mmci mmci() {
        return mmci;
    }

    /** PERIPHBASE: what CP15's CBAR reports and where the A9 private region lies. */
    public int privatePeripheralBase() {
        return layout.privatePeripheralBase();
    }

    // ---- loading ----

    /** Loads a bare-metal ELF executable as QEMU's {@code -kernel} does and makes its entry point the start address. */
    public LoadedImage loadElf(Path file) throws IOException {
        return loadElf(file.getFileName().toString(), Files.readAllBytes(file));
    }

    public LoadedImage loadElf(String name, byte[] bytes) {
        return place(LoadedImage.of(ElfImage.parse(name, bytes)));
    }

    /** Loads a raw binary at a physical address in RAM or flash and makes that address the start address. */
    public LoadedImage loadRaw(String name, byte[] bytes, int address) {
        return place(LoadedImage.raw(name, bytes, address));
    }

    private LoadedImage place(LoadedImage image) {
        image.placeInto(bus);
        images.add(image);
        setEntry(image.entry());
        return image;
    }

    /** Where execution starts after a reset (bit 0 selects Thumb); by default the last image's entry point. */
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

    /** Makes the current (or, if none is running, the next) {@link #run} return soon; safe from any thread. */
    public void requestStop() {
        loop.requestStop();
    }

    /** Resets the machine before the next instruction: devices, CPU, images placed again, CPU at the entry point. */
    public void requestReset() {
        loop.requestReset();
    }

    /** Runs {@code hook} on every machine reset, after the devices and before the CPU (parts that {@link Cpu#reset} does not reset, such as CP15). */
    public void onReset(Runnable hook) {
        resetHooks.add(hook);
    }

    /** Whether the guest has powered the board off. */
    public boolean poweredOff() {
        return poweredOff;
    }

    private void signalInput() {
        loop.signalInput();
    }



    /** The board's reset: every device, the CPU, the images placed again, execution from the entry point. */
    public void reset() {
        loop.resetNow();
    }

    /**
     * Runs the guest until it powers off, {@code maxInstructions} more instructions have retired
     * (Long.MAX_VALUE: no limit), {@link #requestStop()} is called, or the CPU waits for an
     * interrupt nothing can deliver (unless {@link MachineOptions#waitForInput()}).
     */
    public RunResult run(long maxInstructions) {
        return loop.run(maxInstructions);
    }

    private void performReset() {
        poweredOff = false;
        scheduler.cancelAll();
        bus.resetDevices();
        for (CfiFlash flash : flashes) {
            flash.reset();
        }
        gic.reset();
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
