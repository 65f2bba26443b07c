package dev.hilfarm.harness.cli;

import dev.hilfarm.board.BoardProfile;
import dev.hilfarm.board.BoardProfiles;
import dev.hilfarm.harness.target.PowerCommands;
import java.io.PrintStream;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code hil boards} lists the board profiles; {@code hil boards show NAME} prints one in full. */
@Command(name = "boards", description = "List board profiles, or show one: hil boards show NAME")
final class BoardsCommand implements Runnable {

    @Parameters(arity = "0..2", paramLabel = "show NAME", description = "show NAME: print one profile")
    List<String> words = List.of();

    @Override
    public void run() {
        BoardProfiles profiles = BoardProfiles.standard();
        PrintStream out = System.out;
        if (words.isEmpty()) {
            out.printf("%-18s %-10s %-5s %-9s %-14s %s%n", "BOARD", "CPU", "CORES", "RAM", "QEMU", "DESCRIPTION");
            for (BoardProfile p : profiles.all()) {
                out.printf("%-18s %-10s %-5d %-9s %-14s %s%n", p.name(), p.cpu().model().id(), p.cpu().cores(),
                        size(p.ram().size()), p.qemu().map(BoardProfile.Qemu::machine).orElse("-"), p.description());
            }
            return;
        }
        if (words.size() != 2 || !words.get(0).equals("show")) {
            throw new IllegalArgumentException("usage: hil boards [show NAME]");
        }
        print(profiles.get(words.get(1)), out);
    }

    static void print(BoardProfile p, PrintStream out) {
        out.println("name:          " + p.name());
        out.println("description:   " + p.description());
        out.println("soc:           " + p.soc());
        out.printf("cpu:           %s x%d (MIDR 0x%08x, part 0x%03x)%n", p.cpu().model().id(), p.cpu().cores(),
                p.cpu().model().midr(), p.cpu().model().partNumber());
        out.printf("ram:           %s at 0x%08x%n", size(p.ram().size()), p.ram().base());
        out.printf("console:       %s at 0x%08x, irq %d, %d baud, Linux %s%n",
                p.console().kind().name().toLowerCase(), p.console().address(), p.console().irq(), p.console().baud(),
                p.console().linuxDevice());
        p.usb().bootRom().ifPresentOrElse(
                rom -> out.println("boot ROM:      " + rom.ids() + " " + rom.protocol().name().toLowerCase().replace('_', '-')),
                () -> out.println("boot ROM:      none over USB"));
        for (BoardProfile.Gadget g : p.usb().gadgets()) {
            out.println("gadget:        " + g.id() + " " + g.function().name().toLowerCase());
        }
        out.println("bootloader:    prompt '" + p.bootloader().prompt() + "', autoboot '"
                + p.bootloader().autobootMessage() + "', interrupt " + escape(p.bootloader().interruptKeys())
                + ", boot " + p.bootloader().bootCommands());
        out.println("u-boot build:  " + p.bootloader().ubootDefconfig().map(d -> d + "_defconfig (hil images uboot --board "
                + p.name() + ")").orElse("none"));
        out.printf("linux:         kernel 0x%08x, initrd 0x%08x, dtb 0x%08x (%s), shell prompt /%s/%n",
                p.linux().kernelAddress(), p.linux().initrdAddress(), p.linux().dtbAddress(), p.linux().dtbFile(),
                p.linux().shellPrompt());
        out.println("qemu:          " + p.qemu().map(q -> "-M " + q.machine() + " -cpu " + q.cpu()).orElse("none"));
        out.println("power on:      " + (p.power().on().isEmpty() ? "manual" : String.join(" ", p.power().on())));
        out.println("power off:     " + (p.power().off().isEmpty() ? "manual" : String.join(" ", p.power().off())));
        List<String> vars = PowerCommands.variablesOf(p);
        if (!vars.isEmpty()) {
            out.println("power vars:    " + String.join(", ", vars) + " (give with --power-var NAME=VALUE)");
        }
        out.println("source:        " + p.source());
    }

    static String size(long bytes) {
        return bytes % (1L << 30) == 0 ? (bytes >> 30) + " GiB" : (bytes >> 20) + " MiB";
    }

    private static String escape(String keys) {
        StringBuilder sb = new StringBuilder("'");
        for (char c : keys.toCharArray()) {
            sb.append(c < 0x20 ? String.format("\\x%02x", (int) c) : String.valueOf(c));
        }
        return sb.append("'").toString();
    }
}
