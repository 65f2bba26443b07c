package dev.hilfarm.suites;

import org.junit.platform.suite.api.ConfigurationParameter;
import org.junit.platform.suite.api.IncludeTags;
import org.junit.platform.suite.api.SelectPackages;
import org.junit.platform.suite.api.Suite;

/**
 * Parity with {@link SmokeThroughUBootSuiteTest} on hilfarm's emulator: the same recipe build, U-Boot
 * reading the card through the PL181, verifying the FIT and booting Debian's kernel in the JVM.
 */
@Suite
@SelectPackages("dev.hilfarm.suites.smoke")
@IncludeTags("smoke")
@ConfigurationParameter(key = "hil.target", value = "emulator")
@ConfigurationParameter(key = "hil.recipe", value = "vexpress-a9-linux")
@ConfigurationParameter(key = "hil.work", value = "target/hil-smoke-uboot-emulator")
class SmokeThroughUBootOnEmulatorSuiteTest {
}
