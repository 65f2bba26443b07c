package dev.hilfarm.emulator.device;

/**
 * A level-sensitive interrupt wire from a device to the interrupt controller (or from the
 * controller to the CPU). Devices call {@link #set} whenever their output level may have changed;
 * the receiver ignores calls that do not change the level.
 */
@FunctionalInterface
public interface InterruptLine {
    void set(boolean level);

    /** A wire that goes nowhere, for devices whose interrupt is not connected. */
    InterruptLine NONE = level -> { };
}
