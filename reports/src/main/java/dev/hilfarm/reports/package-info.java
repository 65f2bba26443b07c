/**
 * Reporting for {@code hil run}: live lines while a suite runs, then Allure results, JUnit XML and
 * the Allure HTML report in one folder per run, and the run's exit code.
 *
 * <h2>Wiring</h2>
 * <pre>{@code
 * ReportSession report = ReportSession.create(baseDir, suite, System.out)
 *         .environment("board", profile.name());
 * Launcher launcher = ReportSession.launcher();   // ServiceLoader listeners off
 * launcher.execute(request, report.listeners().toArray(TestExecutionListener[]::new));
 * RunSummary summary = report.finish();           // metadata + HTML; never throws for the report
 * System.out.println(summary.oneLine());
 * System.exit(summary.exitCode());
 * }</pre>
 *
 * <p>The Launcher must not auto-register listeners: allure-junit-platform announces its own
 * {@code AllureJunitPlatform} through ServiceLoader, which would report every test a second
 * time into ./allure-results. {@link dev.hilfarm.reports.ReportSession#launcher()} builds one
 * with {@code LauncherConfig.builder().enableTestExecutionListenerAutoRegistration(false)}.
 *
 * <h2>Failure taxonomy</h2>
 * <p>{@link java.lang.AssertionError}s are product failures (<em>failed</em>, exit 1); anything
 * else thrown is an infrastructure failure (<em>broken</em>, exit 2, which wins over 1).
 * Assumption failures are skipped. See {@link dev.hilfarm.reports.Outcome}.
 */
package dev.hilfarm.reports;
