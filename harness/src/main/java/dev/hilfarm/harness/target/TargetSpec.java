package dev.hilfarm.harness.target;

import java.time.Duration;

/**
 * Which target a run asks for, as given by {@code --target}: {@code auto} (a board if one is
 * attached, else the fallback), {@code qemu}, {@code emulator} (hilfarm's in-JVM emulator), or
 * {@code serial:DEVICE} for a board whose console is on DEVICE.
 */
public sealed interface TargetSpec {

    record Auto() implements TargetSpec {
        @Override
        public String toString() {
            return "auto";
        }
    }

    record Qemu() implements TargetSpec {
        @Override
        public String toString() {
            return "qemu";
        }
    }

    /** hilfarm's in-JVM emulator. */
    record Emulator() implements TargetSpec {
        @Override
        public String toString() {
            return "emulator";
        }
    }

    record Serial(String devicePath) implements TargetSpec {
        @Override
        public String toString() {
            return "serial:" + devicePath;
        }
    }

    /** Parses --target; unknown values are rejected with the accepted forms. */
    static TargetSpec parse(String text) {
        String t = text.strip();
        if (t.equals("auto")) {
            return new Auto();
        }
        if (t.equals("qemu")) {
            return new Qemu();
        }
        if (t.startsWith("serial:") && t.length() > "serial:".length()) {
            return new Serial(t.substring("serial:".length()));
        }
        if (t.equals("emulator")) {
            return new Emulator();
        }
        throw new IllegalArgumentException("--target '" + text + "': expected auto, qemu, emulator or serial:DEVICE"
                + " (e.g. serial:/dev/ttyUSB0)");
    }

    /** Opens a concrete target; {@link Auto} must be resolved by {@link TargetSelector} first. */
    default Target open(TargetOptions options) {
        if (this instanceof Qemu) {
            BootMedia media = options.images().get();
            if (media instanceof UBootMedia u) {
                return QemuTarget.bootingUBoot(options.board(), u.ubootElf(), options.workDirectory(),
                        options.consoleSettings(), options.transcript(), options.cpus()).withStorage(u.sdCard(), u.flashBanks());
            }
            return new QemuTarget(options.board(), (LinuxImages) media, options.workDirectory(),
                    options.consoleSettings(), options.transcript(), options.cpus());
        }
        if (this instanceof Emulator) {
            BootMedia media = options.images().get();
            if (media instanceof UBootMedia u) {
                return EmulatorTarget.bootingUBoot(options.board(), u.ubootElf(), u.flashBanks(), u.sdCard(),
                        options.consoleSettings(), options.transcript());
            }
            return new EmulatorTarget(options.board(), (LinuxImages) media, options.consoleSettings(),
                    options.transcript());
        }
        if (this instanceof Serial s) {
            return new SerialTarget(options.board(), s.devicePath(),
                    new PowerCommands(options.board(), options.powerVariables(), Duration.ofSeconds(30)),
                    options.consoleSettings(), options.transcript());
        }
        throw new IllegalStateException("resolve 'auto' with TargetSelector before opening a target");
    }
}
