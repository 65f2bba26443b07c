package dev.hilfarm.suites;

import org.junit.platform.suite.api.ConfigurationParameter;
import org.junit.platform.suite.api.IncludeTags;
import org.junit.platform.suite.api.SelectPackages;
import org.junit.platform.suite.api.Suite;

/**
 * The hypervisor suite on QEMU vexpress-a9: the bundled vexpress-a9-hypervisor recipe is built
 * (U-Boot from Debian's source, the hypervisor, the signed FIT, SD card and flash images; kept
 * between runs in $HIL_CACHE/builds) and booted through U-Boot from both media.
 */
@Suite
@SelectPackages("dev.hilfarm.suites.hypervisor")
@IncludeTags("hypervisor")
@ConfigurationParameter(key = "hil.target", value = "qemu")
@ConfigurationParameter(key = "hil.recipe", value = "vexpress-a9-hypervisor")
@ConfigurationParameter(key = "hil.work", value = "target/hil-hypervisor-qemu")
class HypervisorSuiteTest {
}
