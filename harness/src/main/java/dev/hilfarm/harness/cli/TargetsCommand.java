package dev.hilfarm.harness.cli;

import dev.hilfarm.board.BoardProfile;
import dev.hilfarm.board.BoardProfiles;
import dev.hilfarm.board.exec.HostCommand;
import dev.hilfarm.harness.detect.AttachedBoard;
import dev.hilfarm.harness.detect.LabScan;
import dev.hilfarm.harness.detect.SerialAdapter;
import dev.hilfarm.harness.target.EmulatorTarget;
import dev.hilfarm.harness.target.QemuProcess;
import java.io.PrintStream;
import picocli.CommandLine.Command;

/** {@code hil targets}: boards attached over USB, serial adapters, and the fallbacks available. */
@Command(name = "targets", description = "List attached boards, serial adapters and available fallbacks")
final class TargetsCommand implements Runnable {

    @Override
    public void run() {
        BoardProfiles profiles = BoardProfiles.standard();
        LabScan scan = LabScan.now(profiles);
        PrintStream out = System.out;
        out.println("Boards on USB (by the IDs in their profiles):");
        if (scan.usbProblem() != null) {
            out.println("  (USB not scanned: " + scan.usbProblem() + ")");
        } else if (scan.boards().isEmpty()) {
            out.println("  none");
        }
        for (AttachedBoard b : scan.boards()) {
            out.println("  " + b.board().name() + "  " + b.device().id() + "  " + b.device().location() + "  " + b.role());
        }
        out.println("Serial adapters:");
        if (scan.usbSerialAdapters().isEmpty()) {
            out.println("  none");
        }
        for (SerialAdapter a : scan.usbSerialAdapters()) {
            out.println("  " + a.path() + "  " + a.description() + a.usbId().map(id -> "  " + id).orElse("")
                    + "  (use --target serial:" + a.path() + ")");
        }
        long builtIn = scan.serialAdapters().stream().filter(a -> !a.isUsbAdapter()).count();
        if (builtIn > 0) {
            out.println("  (" + builtIn + " built-in serial ports not listed: they are not board consoles)");
        }
        out.println("Fallbacks (--target auto takes the first listed for the board):");
        for (BoardProfile p : profiles.all()) {
            if (EmulatorTarget.bootsLinux(p)) {
                out.println("  emulator  " + p.name() + " (in-process, nothing to install)");
            }
        }
        boolean qemu = HostCommand.ToolLocator.find(QemuProcess.BINARY).isPresent();
        for (BoardProfile p : profiles.all()) {
            if (p.qemu().isPresent()) {
                out.println("  qemu      " + p.name() + " (-M " + p.qemu().get().machine() + ")"
                        + (qemu ? "" : "  [needs Debian package " + QemuProcess.DEBIAN_PACKAGE + "; hil run installs it]"));
            }
        }
    }
}
