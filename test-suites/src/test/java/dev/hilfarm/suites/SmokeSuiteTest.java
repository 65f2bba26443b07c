package dev.hilfarm.suites;

import org.junit.platform.suite.api.ConfigurationParameter;
import org.junit.platform.suite.api.IncludeTags;
import org.junit.platform.suite.api.SelectPackages;
import org.junit.platform.suite.api.Suite;

/**
 * The smoke and userland suites as part of the project's own tests, on QEMU vexpress-a9 booting
 * the Debian test images: the reference that {@link SmokeOnEmulatorSuiteTest} must match.
 */
@Suite
@SelectPackages({"dev.hilfarm.suites.smoke", "dev.hilfarm.suites.userland"})
@IncludeTags({"smoke", "userland"})
@ConfigurationParameter(key = "hil.target", value = "qemu")
class SmokeSuiteTest {
}
