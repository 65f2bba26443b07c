package dev.hilfarm.suites;

import org.junit.platform.suite.api.IncludeTags;
import org.junit.platform.suite.api.SelectPackages;
import org.junit.platform.suite.api.Suite;

/**
 * The smoke suite as part of the project's own tests: boots the Debian test images on the
 * default target (QEMU vexpress-a9 when no board is attached) and runs every smoke test.
 */
@Suite
@SelectPackages("dev.hilfarm.suites.smoke")
@IncludeTags("smoke")
class SmokeSuiteTest {
}
