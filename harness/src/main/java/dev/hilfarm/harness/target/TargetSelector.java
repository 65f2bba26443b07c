package dev.hilfarm.harness.target;

import dev.hilfarm.board.BoardProfile;
import dev.hilfarm.harness.detect.LabScan;
import dev.hilfarm.harness.detect.SerialAdapter;
import dev.hilfarm.harness.failure.InfrastructureException;
import java.util.List;
import java.util.function.Supplier;

/**
 * Turns {@code --target auto} into a concrete target: the board on the one USB serial adapter
 * attached, else the fallback for the board (QEMU until the emulator can boot Linux), saying so
 * in one line. Several adapters are ambiguous and need an explicit {@code serial:DEVICE}.
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
        if (board.qemu().isEmpty()) {
            throw new InfrastructureException("no " + board.name() + " attached (no USB serial adapter found) and no"
                    + " fallback: " + board.name() + " has no QEMU machine");
        }
        return new Selection(new TargetSpec.Qemu(), "hil: no board attached (no USB serial adapter found);"
                + " falling back to QEMU " + board.qemu().get().machine());
    }
}
