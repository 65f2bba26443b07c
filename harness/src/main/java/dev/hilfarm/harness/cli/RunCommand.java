package dev.hilfarm.harness.cli;

import dev.hilfarm.board.BoardProfile;
import dev.hilfarm.board.BoardProfiles;
import dev.hilfarm.harness.detect.LabScan;
import dev.hilfarm.harness.host.HostPackages;
import dev.hilfarm.harness.junit.RunConfiguration;
import dev.hilfarm.harness.run.SuiteCatalog;
import dev.hilfarm.harness.session.TargetSession;
import dev.hilfarm.harness.target.QemuProcess;
import dev.hilfarm.harness.target.TargetSelector;
import dev.hilfarm.harness.target.TargetSpec;
import dev.hilfarm.reports.ReportSession;
import dev.hilfarm.reports.RunSummary;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestPlan;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code hil run SUITE}: runs a suite (a JUnit tag under dev.hilfarm.suites) through the JUnit
 * Platform Launcher on the chosen target, one live line per test, and writes allure-results,
 * JUnit XML and the Allure HTML report. Exit 0 all passed, 1 test failures, 2 infrastructure.
 */
@Command(name = "run", description = "Run a test suite on a board (or its fallback) and write a report")
final class RunCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SUITE", description = "suite to run, e.g. smoke or console")
    String suite;

    @Option(names = "--board", defaultValue = "vexpress-a9", description = "board profile (default: ${DEFAULT-VALUE})")
    String board;

    @Option(names = "--target", defaultValue = "auto",
            description = "auto (default: an attached board, else the emulator, else QEMU), emulator, qemu, or serial:DEVICE")
    String target;

    @Option(names = "--report-dir", defaultValue = "hil-reports", description = "where run folders go (default: ${DEFAULT-VALUE})")
    Path reportDir;

    @Option(names = "--power-var", paramLabel = "NAME=VALUE", description = "lab variable for the board's power commands")
    Map<String, String> powerVariables = new LinkedHashMap<>();

    @Option(names = "--cpus", defaultValue = "1", description = "CPUs of a QEMU target (default: ${DEFAULT-VALUE})")
    int cpus;

    @Option(names = "--kernel", description = "boot this zImage instead of the cached Debian kernel (with --dtb, --initramfs)")
    Path kernel;

    @Option(names = "--dtb", description = "device tree blob to boot with --kernel")
    Path dtb;

    @Option(names = "--initramfs", description = "initramfs to boot with --kernel")
    Path initramfs;

    @Option(names = "--recipe", description = "build this recipe (file or bundled name, see hil image recipes) and boot"
            + " it through U-Boot instead of booting Linux directly; suites that test a recipe build pick their own default")
    String recipe;

    @Option(names = "--build", paramLabel = "DIR", description = "boot this existing recipe build (hil image build --out DIR)"
            + " through U-Boot")
    Path build;

    @Option(names = "--folder", description = "write the report into exactly this new folder (farm jobs use it)")
    Path folder;

    @Option(names = "--no-html", description = "leave out the Allure HTML report (farm jobs: the run's report aggregates them)")
    boolean noHtml;

    @Override
    public Integer call() {
        long start = System.nanoTime();
        BoardProfile profile = BoardProfiles.standard().get(board);
        TargetSpec requested = TargetSpec.parse(target);
        Launcher launcher = ReportSession.launcher();

        Map<String, String> config = new LinkedHashMap<>();
        config.put(RunConfiguration.BOARD, profile.name());
        config.put(RunConfiguration.CPUS, String.valueOf(cpus));
        config.put(RunConfiguration.POWER_VARS, RunConfiguration.formatPowerVariables(powerVariables));
        if (kernel != null) {
            config.put(RunConfiguration.KERNEL, kernel.toString());
        }
        if (dtb != null) {
            config.put(RunConfiguration.DTB, dtb.toString());
        }
        if (initramfs != null) {
            config.put(RunConfiguration.INITRAMFS, initramfs.toString());
        }
        TestPlan plan = launcher.discover(request(config));
        if (!plan.containsTests()) {
            throw new IllegalArgumentException("unknown suite '" + suite + "' (known suites: "
                    + String.join(", ", new SuiteCatalog(launcher).knownSuites()) + ")");
        }
        if (build != null) {
            config.put(RunConfiguration.BUILD, build.toAbsolutePath().toString());
        } else if (recipe != null) {
            config.put(RunConfiguration.RECIPE, recipe);
        } else if (kernel == null) {
            SuiteCatalog.defaultRecipe(plan, profile.name()).ifPresent(r -> {
                System.out.println("hil: suite " + suite + " tests a recipe build: building " + r + " (--recipe to choose another)");
                config.put(RunConfiguration.RECIPE, r);
            });
        }
        RunConfiguration parsed = RunConfiguration.from(key -> java.util.Optional.ofNullable(config.get(key)));
        var images = parsed.images();
        boolean throughUBoot = parsed.recipe().isPresent() || parsed.build().isPresent();

        String concreteTarget = "none";
        String imageLabel = "none";
        if (SuiteCatalog.needsBoard(plan)) {
            TargetSelector.Selection selection = new TargetSelector(() -> LabScan.now(BoardProfiles.standard()))
                    .select(requested, profile);
            if (selection.notice() != null) {
                System.out.println(selection.notice());
            }
            if (selection.spec() instanceof TargetSpec.Qemu) {
                new HostPackages(System.out).require(QemuProcess.BINARY, QemuProcess.DEBIAN_PACKAGE, "the QEMU target");
            }
            if (throughUBoot) {
                imageLabel = parsed.build().map(Path::toString).orElseGet(() -> parsed.recipe().orElseThrow());
            } else if (selection.spec() instanceof TargetSpec.Qemu || selection.spec() instanceof TargetSpec.Emulator) {
                // Both boot the kernel directly, so both need the test images.
                imageLabel = (images.isPresent() ? TargetSession.givenImages(images.get())
                        : ensureImages(profile)).label();
            }
            concreteTarget = selection.spec().toString();
        }
        config.put(RunConfiguration.TARGET, concreteTarget);

        ReportSession report = folder != null ? ReportSession.createAt(folder, suite, System.out)
                : ReportSession.create(reportDir, suite, System.out);
        if (noHtml) {
            report.withoutHtml();
        }
        config.put(RunConfiguration.WORK, report.reportDir().resolve("work").toString());
        report.environment("board", profile.name()).environment("target", concreteTarget)
                .environment("cpu", profile.cpu().model().id()).environment("image", imageLabel);
        System.out.println("hil: running suite " + suite + " on " + profile.name() + " (" + concreteTarget + ")");
        launcher.execute(request(config), report.listeners().toArray(new org.junit.platform.launcher.TestExecutionListener[0]));
        RunSummary summary = report.finish();
        System.out.println(summary.oneLine());
        System.out.printf("hil: %s took %.1f s; transcripts and logs in %s%n", suite,
                (System.nanoTime() - start) / 1e9, report.reportDir().resolve("work"));
        return summary.exitCode();
    }

    private static dev.hilfarm.harness.target.LinuxImages ensureImages(BoardProfile profile) {
        ImagesCommand.ensure();
        return TargetSession.directBootImages(profile);
    }

    private LauncherDiscoveryRequest request(Map<String, String> config) {
        return SuiteCatalog.request(suite, config);
    }
}
