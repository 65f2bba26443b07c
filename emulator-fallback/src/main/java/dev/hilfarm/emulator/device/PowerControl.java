package dev.hilfarm.emulator.device;

/**
 * What the board's power and reset logic does when the guest asks through the system
 * configuration interface. The machine implements it: a shutdown stops the CPU with a "powered
 * off" outcome, a reboot resets the machine.
 */
public interface PowerControl {
    void shutdown();

    void reboot();

    PowerControl NONE = new PowerControl() {
        @Override
        public void shutdown() {
        }

        @Override
        public void reboot() {
        }
    };
}
