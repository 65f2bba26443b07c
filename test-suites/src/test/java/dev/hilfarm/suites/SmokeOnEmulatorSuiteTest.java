package dev.hilfarm.suites;

import org.junit.platform.suite.api.ConfigurationParameter;
import org.junit.platform.suite.api.IncludeTags;
import org.junit.platform.suite.api.SelectPackages;
import org.junit.platform.suite.api.Suite;

/**
 * Parity: the same smoke and userland suites, same assertions, on hilfarm's in-JVM emulator
 * booting the same Debian kernel, dtb and initramfs that {@link SmokeSuiteTest} boots on QEMU
 * (one boot serves both suites).
 */
@Suite
@SelectPackages({"dev.hilfarm.suites.smoke", "dev.hilfarm.suites.userland"})
@IncludeTags({"smoke", "userland"})
@ConfigurationParameter(key = "hil.target", value = "emulator")
@ConfigurationParameter(key = "hil.work", value = "target/hil-emulator")
class SmokeOnEmulatorSuiteTest {
}
