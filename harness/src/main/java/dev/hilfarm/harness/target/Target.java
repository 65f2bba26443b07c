package dev.hilfarm.harness.target;

import dev.hilfarm.board.BoardProfile;
import dev.hilfarm.harness.console.Console;
import java.util.Map;

/**
 * One board under test, whatever is behind it. A target is powered, has one console for its whole
 * life (re-attached underneath when the board restarts, so tests may keep the reference) and can be
 * leased by one user at a time. The boot {@link dev.hilfarm.harness.strategy.BootStrategy} drives it;
 * tests normally only see its console.
 */
public interface Target extends AutoCloseable {

    /** Stable identifier, e.g. {@code qemu:vexpress-a9} or {@code serial:/dev/ttyUSB0}. */
    String id();

    BoardProfile board();

    TargetBackend backend();

    /**
     * Whether this target passes through a bootloader prompt on its way to Linux. QEMU booting a
     * kernel directly does not; a real board running U-Boot does.
     */
    boolean hasBootloaderStage();

    /** Applies power (starts QEMU); output from that moment on is in the console's transcript. */
    void powerOn();

    /** Removes power (stops QEMU). Safe to call when already off. */
    void powerOff();

    /** Whether power can be switched by hilfarm; a board without power control must be cycled by hand. */
    boolean powerControllable();

    /** The console; fails with an infrastructure error while the target is off. */
    Console console();

    /** What to show as report labels and parameters: images, QEMU version, serial port. */
    Map<String, String> describe();

    /** Powers off and releases every resource (processes, ports). Idempotent. */
    @Override
    void close();
}
