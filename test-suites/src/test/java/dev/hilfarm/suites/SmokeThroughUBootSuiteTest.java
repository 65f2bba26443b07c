package dev.hilfarm.suites;

import org.junit.platform.suite.api.ConfigurationParameter;
import org.junit.platform.suite.api.IncludeTags;
import org.junit.platform.suite.api.SelectPackages;
import org.junit.platform.suite.api.Suite;

/**
 * The smoke suite through the whole boot chain on QEMU: the bundled vexpress-a9-linux recipe puts
 * Debian's kernel, dtb and initramfs in a signed FIT on an SD card, and U-Boot (whose bootcmd loads
 * and verifies it) boots it, as a board does.
 */
@Suite
@SelectPackages("dev.hilfarm.suites.smoke")
@IncludeTags("smoke")
@ConfigurationParameter(key = "hil.target", value = "qemu")
@ConfigurationParameter(key = "hil.recipe", value = "vexpress-a9-linux")
@ConfigurationParameter(key = "hil.work", value = "target/hil-smoke-uboot-qemu")
class SmokeThroughUBootSuiteTest {
}
