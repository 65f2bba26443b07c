package dev.hilfarm.harness.target;

import dev.hilfarm.board.BoardProfile;
import dev.hilfarm.harness.detect.LabScan;
import dev.hilfarm.harness.detect.SerialAdapter;
import dev.hilfarm.harness.failure.InfrastructureException;
import java.util.List;
import java.util.function.Supplier;

/**
 * Turns {@code --target auto} into a concrete target: the board on the one USB serial adapter
 * attached, else the fallback for the board, saying so in one line. The fallback is hilfarm's own
 * emulator where it boots Linux for the board (nothing to install, same answers), else QEMU where
 * the board has a QEMU machine. Several adapters are ambiguous and need an explicit
 * {@code serial:DEVICE}.
 */
public final class TargetSelector {

    /** The concrete target, and the one-line notice to print when auto fell back (else null). */
    public record Selection(TargetSpec spec, String notice) {
    }

    private final Supplier<LabScan> scanner;

    public TargetSelector(Supplier<LabScan> scanner) {
        this.scanner = scanner;
    }

    public Selection select(TargetSpec requested, BoardProfile board) {
        if (!(requested instanceof TargetSpec.Auto)) {
            return new Selection(requested, null);
        }
        LabScan scan = scanner.get();
        List<SerialAdapter> adapters = scan.usbSerialAdapters();
        if (adapters.size() == 1) {
            return new Selection(new TargetSpec.Serial(adapters.get(0).path()),
                    "hil: using the board on " + adapters.get(0).path() + " (" + adapters.get(0).description() + ")");
        }
        if (adapters.size() > 1) {
            throw new InfrastructureException("several serial adapters attached ("
                    + String.join(", ", adapters.stream().map(SerialAdapter::path).toList())
                    + "): choose one with --target serial:DEVICE");
        }
        if (EmulatorTarget.bootsLinux(board)) {
            return new Selection(new TargetSpec.Emulator(), "hil: no board attached (no USB serial adapter found);"
                    + " falling back to the emulator (" + board.name() + ", in-process)");
        }
        if (board.qemu().isEmpty()) {
            throw new InfrastructureException("no " + board.name() + " attached (no USB serial adapter found) and no"
                    + " fallback: the emulator cannot boot Linux on " + board.name() + " and it has no QEMU machine");
        }
        return new Selection(new TargetSpec.Qemu(), "hil: no board attached (no USB serial adapter found);"
                + " falling back to QEMU " + board.qemu().get().machine()
                + " (the emulator cannot boot Linux on " + board.name() + " yet)");
    }
}
