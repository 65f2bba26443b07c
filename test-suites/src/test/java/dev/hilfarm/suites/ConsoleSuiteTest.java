package dev.hilfarm.suites;

import org.junit.platform.suite.api.IncludeTags;
import org.junit.platform.suite.api.SelectPackages;
import org.junit.platform.suite.api.Suite;
import org.junit.platform.suite.api.SuiteDisplayName;

/**
 * Runs the {@code console} suite in {@code mvn test}: the console engine against scripted fake
 * boards on real pseudo-terminals, so it needs no board, QEMU or image. The suite's classes live in
 * main (they are shipped for {@code hil run console}), hence this selector instead of surefire's scan.
 */
@Suite
@SuiteDisplayName("console")
@SelectPackages("dev.hilfarm.suites.console")
@IncludeTags("console")
class ConsoleSuiteTest {
}
