package dev.hilfarm.harness.farm.inventory;

import java.util.Map;
import java.util.Optional;

/** What stands behind a pool entry: a real board on a serial port, or an emulated/QEMU instance. */
public sealed interface BoardKind {

    /** The {@code --target} a job on this board runs with. */
    String target();

    /**
     * A real board.
     *
     * @param powerVariables values for the placeholders of the profile's power commands
     */
    record Serial(String port, Optional<String> usbPath, Map<String, String> powerVariables) implements BoardKind {
        public Serial {
            powerVariables = Map.copyOf(powerVariables);
        }

        @Override
        public String target() {
            return "serial:" + port;
        }
    }

    /** hilfarm's in-JVM emulator (started per job, inside the job's process). */
    record Emulated() implements BoardKind {
        @Override
        public String target() {
            return "emulator";
        }
    }

    record Qemu() implements BoardKind {
        @Override
        public String target() {
            return "qemu";
        }
    }
}
