package dev.hilfarm.harness.target;

/** What is behind a target: a real board, QEMU, or hilfarm's own in-JVM emulator. */
public enum TargetBackend {
    HARDWARE, QEMU, EMULATOR;

    public String label() {
        return name().toLowerCase();
    }
}
