package dev.hilfarm.suites;

import org.junit.platform.suite.api.ConfigurationParameter;
import org.junit.platform.suite.api.IncludeTags;
import org.junit.platform.suite.api.SelectPackages;
import org.junit.platform.suite.api.Suite;

/**
 * Parity: the same hypervisor suite and the same recipe build as {@link HypervisorSuiteTest},
 * on hilfarm's emulator (U-Boot reads the SD card through the PL181 and the FIT in place from
 * the CFI flash).
 */
@Suite
@SelectPackages("dev.hilfarm.suites.hypervisor")
@IncludeTags("hypervisor")
@ConfigurationParameter(key = "hil.target", value = "emulator")
@ConfigurationParameter(key = "hil.recipe", value = "vexpress-a9-hypervisor")
@ConfigurationParameter(key = "hil.work", value = "target/hil-hypervisor-emulator")
class HypervisorOnEmulatorSuiteTest {
}
