package dev.hilfarm.emulator.debug;

/** How a debugger session ended, which tells the caller what to do with the machine next. */
public enum SessionEnd {
    /** The debugger detached ('D'): the guest should go on running. */
    DETACHED,
    /** The debugger killed the target ('k', vKill): the emulator should stop. */
    KILLED,
    /** The connection closed without a detach: treated like a detach by QEMU, and here. */
    DISCONNECTED
}
