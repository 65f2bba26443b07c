package dev.hilfarm.board;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Everything hilfarm knows about one kind of board: enough to boot it, talk to it, flash it,
 * power it and emulate it. Loaded from a YAML profile by {@link BoardProfiles}; every field has
 * been validated by then, so users of a profile never re-check it.
 */
public record BoardProfile(
        String name,
        String description,
        String soc,
        Cpu cpu,
        Memory ram,
        ConsoleUart console,
        Usb usb,
        Bootloader bootloader,
        LinuxBoot linux,
        Optional<Qemu> qemu,
        Power power,
        Optional<Platform> platform,
        String source) {

    /** A profile without a {@code platform} section: nothing bare-metal is built for the board. */
    public BoardProfile(String name, String description, String soc, Cpu cpu, Memory ram, ConsoleUart console,
                        Usb usb, Bootloader bootloader, LinuxBoot linux, Optional<Qemu> qemu, Power power,
                        String source) {
        this(name, description, soc, cpu, ram, console, usb, bootloader, linux, qemu, power, Optional.empty(), source);
    }

    public record Cpu(CpuModel model, int cores) {
    }

    public record Memory(long base, long size) {
        public long end() {
            return base + size;
        }
    }

    /** The UART that carries the console; {@code irq} is the number Linux shows in /proc/interrupts. */
    public record ConsoleUart(UartKind kind, long address, int irq, int baud, String linuxDevice) {
    }

    public enum UartKind {
        PL011, OMAP, NS16550, IMX;
    }

    /** The USB identities a board can show: its SoC boot ROM in recovery, and its bootloader's gadgets. */
    public record Usb(Optional<BootRom> bootRom, List<Gadget> gadgets) {
        public Usb {
            gadgets = List.copyOf(gadgets);
        }

        public List<UsbId> allIds() {
            var ids = new java.util.ArrayList<UsbId>();
            bootRom.ifPresent(r -> ids.addAll(r.ids()));
            gadgets.forEach(g -> ids.add(g.id()));
            return List.copyOf(ids);
        }
    }

    public record BootRom(List<UsbId> ids, BootRomProtocol protocol) {
        public BootRom {
            ids = List.copyOf(ids);
        }
    }

    public enum BootRomProtocol {
        OMAP_PERIPHERAL_BOOT, AM335X_RNDIS, ALLWINNER_FEL, IMX_SDP
    }

    public record Gadget(UsbId id, GadgetFunction function) {
    }

    public enum GadgetFunction {
        FASTBOOT, DFU, UMS, CDC_ACM
    }

    /**
     * How the board's U-Boot presents itself and how autoboot is interrupted. The interrupt keys are
     * sent repeatedly while the autoboot message is on screen, as a person would press a key.
     * {@code ubootDefconfig} is the U-Boot configuration hilfarm builds for the board, without the
     * {@code _defconfig} suffix (e.g. {@code vexpress_ca9x4}); empty when hilfarm does not build one.
     */
    public record Bootloader(String prompt, String autobootMessage, String interruptKeys,
                             Duration autobootTimeout, List<String> bootCommands, Optional<String> ubootDefconfig) {
        public Bootloader {
            bootCommands = List.copyOf(bootCommands);
        }
    }

    /** Where U-Boot loads a kernel, initrd and dtb on this board, and which dtb Debian ships for it. */
    public record LinuxBoot(long kernelAddress, long initrdAddress, long dtbAddress, String dtbFile,
                            String shellPrompt) {
    }

    /** The QEMU machine that models this board, where one exists. */
    public record Qemu(String machine, String cpu) {
    }

    /**
     * Power control as argument-list templates; {@code ${name}} placeholders are filled per argument
     * from lab variables (outlet numbers, hub paths), never through a shell. Empty lists mean the
     * board's power is not under hilfarm's control.
     */
    public record Power(List<String> on, List<String> off) {
        public Power {
            on = List.copyOf(on);
            off = List.copyOf(off);
        }

        public boolean controllable() {
            return !on.isEmpty() && !off.isEmpty();
        }
    }

    /**
     * The SoC devices a bare-metal program (hilfarm's reference hypervisor) drives besides the
     * console: the interrupt controller, a periodic timer and, where the board has one, a way to
     * switch itself off. Linux finds these in the device tree; a profile without this section
     * simply cannot run hilfarm's own bare-metal images.
     */
    public record Platform(InterruptController interruptController, TickTimer timer, Optional<PowerOff> powerOff) {
    }

    /** {@code cpuInterface} is the GIC's CPU interface; the OMAP INTC has none. */
    public record InterruptController(InterruptControllerKind kind, long address, java.util.OptionalLong cpuInterface) {
    }

    public enum InterruptControllerKind {
        GIC, OMAP_INTC
    }

    /** A timer that can interrupt periodically; {@code irq} is its number at the interrupt controller. */
    public record TickTimer(TimerKind kind, long address, int irq, long clockHz) {
    }

    public enum TimerKind {
        SP804, A9_PRIVATE, OMAP_GPTIMER
    }

    public record PowerOff(PowerOffKind kind, long address) {
    }

    public enum PowerOffKind {
        /** The Versatile Express motherboard's SYS_CFG SHUTDOWN function (QEMU and the emulator end the run). */
        VEXPRESS_SYS_CFG
    }
}
