package dev.hilfarm.harness.session;

import dev.hilfarm.board.BoardProfile;
import dev.hilfarm.board.BoardProfiles;
import dev.hilfarm.harness.console.Transcript;
import dev.hilfarm.harness.detect.LabScan;
import dev.hilfarm.harness.strategy.BootStrategy;
import dev.hilfarm.harness.strategy.BootTimeouts;
import dev.hilfarm.harness.target.LinuxImages;
import dev.hilfarm.harness.target.Target;
import dev.hilfarm.harness.target.TargetOptions;
import dev.hilfarm.harness.target.TargetSelector;
import dev.hilfarm.harness.target.TargetSpec;
import dev.hilfarm.image.TestImageCache;
import dev.hilfarm.image.TestImages;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import dev.hilfarm.harness.junit.RunConfiguration;

/**
 * One board leased for a run: the target, its boot strategy and its transcript, opened from a
 * board name and a target spec. Closing it powers the target off and releases it.
 */
public final class TargetSession implements AutoCloseable {
    private final Target target;
    private final BootStrategy strategy;
    private final Path transcriptFile;
    private final Optional<BuildUnderTest> build;

    private TargetSession(Target target, BootStrategy strategy, Path transcriptFile, Optional<BuildUnderTest> build) {
        this.target = target;
        this.strategy = strategy;
        this.transcriptFile = transcriptFile;
        this.build = build;
    }

    /** The session a run's configuration asks for: direct-boot images, or a recipe build booted through U-Boot. */
    public static TargetSession open(RunConfiguration config, PrintStream notices) {
        Optional<BuildUnderTest> build = config.build().map(BuildUnderTest::load)
                .or(() -> config.recipe().map(r -> BuildUnderTest.build(r, notices)));
        build.ifPresent(b -> {
            if (!b.manifest().board().equals(config.board())) {
                throw new IllegalArgumentException("the recipe build in " + b.directory() + " is for " + b.manifest().board()
                        + ", but the run is on " + config.board() + " (give --board " + b.manifest().board() + ")");
            }
        });
        return open(config.board(), config.target(), config.workDirectory(), config.powerVariables(), config.cpus(),
                config.images(), build, notices);
    }

    /**
     * Resolves {@code targetText} (auto, qemu, serial:DEVICE) for {@code boardName}, prints the
     * fallback notice to {@code notices} when auto falls back, and opens the target (not yet powered).
     */
    public static TargetSession open(String boardName, String targetText, Path workDirectory,
                                     Map<String, String> powerVariables, int cpus, PrintStream notices) {
        return open(boardName, targetText, workDirectory, powerVariables, cpus, Optional.empty(), notices);
    }

    /** As above, booting {@code images} instead of the cached Debian test images when given. */
    public static TargetSession open(String boardName, String targetText, Path workDirectory,
                                     Map<String, String> powerVariables, int cpus,
                                     Optional<RunConfiguration.ImageOverride> images, PrintStream notices) {
        return open(boardName, targetText, workDirectory, powerVariables, cpus, images, Optional.empty(), notices);
    }

    private static TargetSession open(String boardName, String targetText, Path workDirectory,
                                      Map<String, String> powerVariables, int cpus,
                                      Optional<RunConfiguration.ImageOverride> images, Optional<BuildUnderTest> build,
                                      PrintStream notices) {
        BoardProfile board = BoardProfiles.standard().get(boardName);
        TargetSpec requested = TargetSpec.parse(targetText);
        TargetSelector.Selection selection = new TargetSelector(() -> LabScan.now(BoardProfiles.standard()))
                .select(requested, board);
        if (selection.notice() != null) {
            notices.println(selection.notice());
        }
        Path transcriptFile = workDirectory.resolve("console-" + board.name() + ".log");
        Transcript transcript = Transcript.toFile(transcriptFile);
        TargetOptions options = new TargetOptions(board, workDirectory, transcript, powerVariables,
                () -> build.<dev.hilfarm.harness.target.BootMedia>map(b -> b.media(workDirectory))
                        .orElseGet(() -> images.map(TargetSession::givenImages).orElseGet(() -> directBootImages(board))), cpus);
        Target target = selection.spec().open(options);
        return new TargetSession(target, new BootStrategy(target, BootTimeouts.defaults()), transcriptFile, build);
    }

    /** The cached Debian test images, as a direct-boot target needs them for this board. */
    public static LinuxImages directBootImages(BoardProfile board) {
        TestImages images = TestImageCache.atDefaultLocation().load();
        return new LinuxImages(images.kernel(), images.dtb(board.linux().dtbFile()), images.initramfs(),
                images.kernelPackage());
    }

    /** Images named on the command line; a missing one is reported by path. */
    public static LinuxImages givenImages(RunConfiguration.ImageOverride images) {
        return new LinuxImages(images.kernel(), images.dtb(), images.initramfs(),
                "given: " + images.kernel().getFileName());
    }

    public Target target() {
        return target;
    }

    public BootStrategy strategy() {
        return strategy;
    }

    /** The recipe build under test, when the run boots one. */
    public Optional<BuildUnderTest> build() {
        return build;
    }

    public Path transcriptFile() {
        return transcriptFile;
    }

    @Override
    public void close() {
        target.close();
    }
}
