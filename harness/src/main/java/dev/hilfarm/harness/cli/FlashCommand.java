package dev.hilfarm.harness.cli;

import dev.hilfarm.board.BoardProfile;
import dev.hilfarm.board.BoardProfiles;
import dev.hilfarm.board.UsbId;
import dev.hilfarm.board.flash.FastbootUsbLink;
import dev.hilfarm.board.usb.UsbDeviceInfo;
import dev.hilfarm.board.usb.UsbException;
import dev.hilfarm.board.usb.UsbHost;
import dev.hilfarm.emulator.flash.DfuFunction;
import dev.hilfarm.emulator.flash.EmulatedStorage;
import dev.hilfarm.emulator.flash.FastbootDevice;
import dev.hilfarm.emulator.flash.FastbootUsbFunction;
import dev.hilfarm.emulator.usb.EmulatedUsbPort;
import dev.hilfarm.harness.console.Console;
import dev.hilfarm.harness.console.ConsoleSettings;
import dev.hilfarm.harness.console.Transcript;
import dev.hilfarm.harness.failure.InfrastructureException;
import dev.hilfarm.harness.flash.FastbootClient;
import dev.hilfarm.harness.flash.DfuClient;
import dev.hilfarm.harness.flash.DfuFlasher;
import dev.hilfarm.harness.flash.FastbootFlasher;
import dev.hilfarm.harness.flash.PartitionWriter;
import dev.hilfarm.harness.flash.FlashRoute;
import dev.hilfarm.harness.session.BuildUnderTest;
import dev.hilfarm.harness.strategy.BootState;
import dev.hilfarm.harness.strategy.BootStrategy;
import dev.hilfarm.harness.strategy.BootTimeouts;
import dev.hilfarm.harness.target.EmulatorTarget;
import dev.hilfarm.harness.target.PowerCommands;
import dev.hilfarm.harness.target.SerialTarget;
import dev.hilfarm.harness.target.Target;
import dev.hilfarm.harness.usb.LibUsbHost;
import dev.hilfarm.image.TestImageCache;
import dev.hilfarm.image.recipe.BuildManifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code hil flash}: writes images to a board's storage over fastboot, verifies them by reading
 * them back, and boots the board into them. An emulated board's storage lives in a directory
 * ({@code --storage}); it is flashed through the emulator's fastboot gadget on its in-process USB
 * port, as a real board is flashed through its bootloader's gadget over usb4java.
 */
@Command(name = "flash", description = "Write PARTITION=IMAGE pairs (or a recipe build's storage images) to a board over"
        + " fastboot, verify them by reading back, and boot the board to its prompt")
final class FlashCommand implements Callable<Integer> {
    static final int EXIT_INTERRUPTED = 3;
    private static final Duration COMMAND = Duration.ofSeconds(30);
    private static final Duration USB = Duration.ofSeconds(10);
    private static final UsbId DEFAULT_FASTBOOT_ID = new UsbId(0x18d1, 0x4ee0);
    /* U-Boot's default gadget IDs when a profile names none (CONFIG_USB_GADGET_VENDOR_NUM/PRODUCT_NUM defaults). */
    private static final UsbId DEFAULT_DFU_ID = new UsbId(0x0525, 0xa4a5);

    @Option(names = "--board", defaultValue = "vexpress-a9", description = "board profile (default: ${DEFAULT-VALUE})")
    String board;

    @Option(names = "--target", defaultValue = "emulator", description = "emulator (the emulated board whose storage is"
            + " --storage), serial:DEVICE (a real board: its bootloader is driven into fastboot over that console), or"
            + " tcp:HOST:PORT or udp:HOST:PORT (a device serving network fastboot, e.g. hil emulate --fastboot); default:"
            + " ${DEFAULT-VALUE}")
    String target;

    @Option(names = "--protocol", description = "fastboot or dfu (default: the first of them the board profile lists"
            + " among its USB gadgets, fastboot for boards that list none)")
    String protocol;

    @Option(names = "--storage", paramLabel = "DIR", description = "the emulated board's storage directory (sd.img,"
            + " flash0.img, flash1.img; default: $HIL_CACHE/boards/BOARD)")
    Path storage;

    @Option(names = "--build", paramLabel = "DIR", description = "a recipe build: without PARTITION=IMAGE its storage images"
            + " are flashed (sd=sd.img, flashN=...), its U-Boot boots the emulated board and its boot commands start it")
    Path build;

    @Option(names = "--uboot", paramLabel = "ELF", description = "U-Boot to boot the emulated board with after flashing")
    Path uboot;

    @Option(names = "--no-boot", description = "stop after flashing and verifying")
    boolean noBoot;

    @Option(names = "--power-var", paramLabel = "NAME=VALUE", description = "lab variable for a real board's power commands")
    Map<String, String> powerVariables = new LinkedHashMap<>();

    @Parameters(paramLabel = "PARTITION=IMAGE", arity = "0..*")
    List<String> pairs = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
        BoardProfile profile = BoardProfiles.standard().get(board);
        FlashRoute.Protocol chosen = protocol(profile);
        Optional<BuildUnderTest> recipeBuild = Optional.ofNullable(build).map(BuildUnderTest::load);
        Map<String, Path> images = images(recipeBuild);
        if (target.equals("emulator")) {
            return flashEmulated(profile, chosen, images, recipeBuild);
        }
        if ((target.startsWith("tcp:") || target.startsWith("udp:")) && chosen != FlashRoute.Protocol.FASTBOOT) {
            throw new IllegalArgumentException("--target " + target + " is network fastboot; --protocol dfu needs USB");
        }
        if (target.startsWith("tcp:") || target.startsWith("udp:")) {
            String[] hostPort = target.substring(4).split(":");
            if (hostPort.length != 2 || !hostPort[1].matches("\\d{1,5}")) {
                throw new IllegalArgumentException("--target " + target + ": expected tcp:HOST:PORT or udp:HOST:PORT");
            }
            int port = Integer.parseInt(hostPort[1]);
            try (FastbootClient client = target.startsWith("tcp:") ? FastbootClient.connectTcp(hostPort[0], port, COMMAND)
                    : FastbootClient.connectUdp(hostPort[0], port)) {
                return flashAll(client, images);
            }
        }
        if (target.startsWith("serial:")) {
            return flashRealBoard(profile, chosen, target.substring(7), images);
        }
        throw new IllegalArgumentException("--target " + target + ": expected emulator, serial:DEVICE, tcp:HOST:PORT or udp:HOST:PORT");
    }

    /** --protocol, else the first flashing gadget the profile lists, else fastboot. */
    private FlashRoute.Protocol protocol(BoardProfile profile) {
        if (protocol != null) {
            return switch (protocol) {
                case "fastboot" -> FlashRoute.Protocol.FASTBOOT;
                case "dfu" -> FlashRoute.Protocol.DFU;
                default -> throw new IllegalArgumentException("--protocol " + protocol + ": expected fastboot or dfu");
            };
        }
        return profile.usb().gadgets().stream().map(BoardProfile.Gadget::function)
                .filter(f -> f == BoardProfile.GadgetFunction.FASTBOOT || f == BoardProfile.GadgetFunction.DFU).findFirst()
                .map(f -> f == BoardProfile.GadgetFunction.DFU ? FlashRoute.Protocol.DFU : FlashRoute.Protocol.FASTBOOT)
                .orElse(FlashRoute.Protocol.FASTBOOT);
    }

    /** PARTITION=IMAGE pairs, or a build's storage images by medium. */
    private Map<String, Path> images(Optional<BuildUnderTest> recipeBuild) {
        Map<String, Path> images = new LinkedHashMap<>();
        for (String pair : pairs) {
            int eq = pair.indexOf('=');
            if (eq <= 0 || eq == pair.length() - 1) {
                throw new IllegalArgumentException("'" + pair + "': expected PARTITION=IMAGE");
            }
            Path image = Path.of(pair.substring(eq + 1));
            if (!Files.isRegularFile(image)) {
                throw new IllegalArgumentException(image + ": no such image file");
            }
            images.put(pair.substring(0, eq), image);
        }
        if (images.isEmpty() && recipeBuild.isPresent()) {
            for (BuildManifest.BootMedium m : recipeBuild.get().manifest().boot()) {
                String partition = m.medium().equals("sd") ? "sd" : "flash" + m.bank();
                images.putIfAbsent(partition, recipeBuild.get().file(m.file()));
            }
        }
        if (images.isEmpty()) {
            throw new IllegalArgumentException("nothing to flash: give PARTITION=IMAGE pairs or --build DIR");
        }
        return images;
    }

    private int flashEmulated(BoardProfile profile, FlashRoute.Protocol chosen, Map<String, Path> images,
                              Optional<BuildUnderTest> recipeBuild) throws IOException {
        Path directory = storage != null ? storage : TestImageCache.atDefaultLocation().root().resolve("boards").resolve(profile.name());
        EmulatedStorage disks = EmulatedStorage.open(profile, directory);
        System.out.println("hil: flashing the emulated " + profile.name() + " (storage in " + directory + ") through its "
                + chosen.name().toLowerCase(Locale.ROOT) + " gadget");
        EmulatedUsbPort port = new EmulatedUsbPort();
        int status;
        if (chosen == FlashRoute.Protocol.DFU) {
            UsbId id = gadgetId(profile, BoardProfile.GadgetFunction.DFU, DEFAULT_DFU_ID);
            // U-Boot's DFU gadget: run-time mode until DETACH, and it resets at the end of manifestation.
            // 32 KiB blocks: each costs a bwPollTimeout, as on the real gadget.
            new DfuFunction(port, id, disks.regions(), 32 << 10, false).attach(false);
            status = flashAll(new DfuFlasher(new DfuClient(port, id, USB, FlashCommand::pause)), images);
        } else {
            UsbId id = gadgetId(profile, BoardProfile.GadgetFunction.FASTBOOT, DEFAULT_FASTBOOT_ID);
            FastbootDevice device = new FastbootDevice(profile.name(), "EMULATED", 64 << 20, disks.regions(),
                    new FastbootDevice.Listener() { });
            try (FastbootUsbFunction gadget = new FastbootUsbFunction(id, "EMULATED", device)) {
                port.attach(gadget);
                try (FastbootClient client = new FastbootClient(FastbootUsbLink.open(openGadget(port, id), USB))) {
                    status = flashAll(client, images);
                }
            }
        }
        if (status != 0 || noBoot) {
            return status;
        }
        Optional<Path> elf = Optional.ofNullable(uboot).or(() -> recipeBuild.map(b -> b.file("u-boot")));
        if (elf.isEmpty()) {
            System.out.println("hil: not booting: give --uboot ELF or --build DIR to boot the board after flashing (or --no-boot)");
            return 0;
        }
        Transcript transcript = Transcript.toFile(directory.resolve("console.log"));
        try (EmulatorTarget board = EmulatorTarget.bootingUBoot(profile, elf.get(), disks.flashBanks(), Optional.of(disks.sdCard()),
                consoleSettings(profile), transcript)) {
            bootIntoTheNewImage(board, recipeBuild, images);
        }
        return 0;
    }

    private static UsbId gadgetId(BoardProfile profile, BoardProfile.GadgetFunction function, UsbId fallback) {
        return profile.usb().gadgets().stream().filter(g -> g.function() == function).map(BoardProfile.Gadget::id).findFirst()
                .orElse(fallback);
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private int flashRealBoard(BoardProfile profile, FlashRoute.Protocol chosen, String device, Map<String, Path> images)
            throws IOException {
        Transcript transcript = Transcript.toFile(Path.of("flash-" + profile.name() + ".log"));
        try (SerialTarget board = new SerialTarget(profile, device, new PowerCommands(profile, powerVariables, Duration.ofSeconds(30)),
                consoleSettings(profile), transcript)) {
            BootStrategy strategy = new BootStrategy(board, BootTimeouts.defaults());
            boolean up;
            try {
                strategy.transition(BootState.BOOTLOADER);
                up = true;
            } catch (InfrastructureException e) {
                System.out.println("hil: " + profile.name() + " does not reach its bootloader prompt: " + Hil.oneLine(e));
                up = false;
            }
            FlashRoute route = FlashRoute.choose(profile, Optional.of(chosen), up);
            if (!(route instanceof FlashRoute.BootloaderGadget gadget)) {
                FlashRoute.BootRom rom = (FlashRoute.BootRom) route;
                throw new InfrastructureException(profile.name() + " is not up; its boot ROM (" + rom.protocol() + ", " + rom.id()
                        + ") would have to load a bootloader to flash from, which hil flash does not do yet: load one with"
                        + " the boot ROM's own tool, then run hil flash again");
            }
            board.console().sendLine(gadget.command());
            int status;
            try (LibUsbHost host = new LibUsbHost()) {
                if (gadget.protocol() == FlashRoute.Protocol.DFU) {
                    status = flashAll(new DfuFlasher(new DfuClient(host, gadget.id(), USB, FlashCommand::pause)), images);
                } else {
                    try (FastbootClient client = new FastbootClient(FastbootUsbLink.open(openGadget(host, gadget.id()), USB))) {
                        status = flashAll(client, images);
                    }
                }
            }
            board.console().send("\u0003"); // Ctrl-C ends U-Boot's fastboot or dfu loop
            if (status == 0 && !noBoot) {
                strategy.invalidate();
                strategy.transition(BootState.BOOTLOADER);
                System.out.println("hil: " + profile.name() + " is up again at its prompt '" + profile.bootloader().prompt().strip() + "'");
            }
            return status;
        }
    }

    /** Waits (bounded) for the gadget to enumerate and opens it. */
    private static dev.hilfarm.board.usb.UsbTransport openGadget(UsbHost host, UsbId id) {
        long deadline = System.nanoTime() + USB.toNanos();
        UsbException last = null;
        while (System.nanoTime() < deadline) {
            try {
                for (UsbDeviceInfo d : host.devices()) {
                    if (d.id().equals(id)) {
                        return host.open(d);
                    }
                }
            } catch (UsbException e) {
                last = e;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new InfrastructureException("the fastboot gadget " + id + " did not appear on USB within " + USB.toSeconds() + " s"
                + (last == null ? "" : " (" + last.getMessage() + ")"));
    }

    /** Flashes every pair; an interruption is reported as one, with the partition and how far it got. */
    private static int flashAll(FastbootClient client, Map<String, Path> images) {
        return flashAll(new FastbootFlasher(client), images);
    }

    private static int flashAll(PartitionWriter flasher, Map<String, Path> images) {
        for (Map.Entry<String, Path> e : images.entrySet()) {
            String partition = e.getKey();
            AtomicReference<ProgressBar> bar = new AtomicReference<>();
            long[] sent = {0};
            PartitionWriter.Written written;
            try {
                written = flasher.write(partition, e.getValue(), (bytes, total) -> {
                    sent[0] = bytes;
                    if (System.console() == null) {
                        return; // not a terminal (a log, CI): the summary line below says it all
                    }
                    if (bar.get() == null) {
                        bar.set(new ProgressBarBuilder().setTaskName("flash " + partition).setInitialMax(total)
                                .setUnit(" MiB", 1 << 20).showSpeed().setStyle(ProgressBarStyle.ASCII).build());
                    }
                    bar.get().stepTo(bytes);
                    sent[0] = bytes;
                });
            } catch (InfrastructureException interrupted) {
                closeBar(bar.get());
                System.err.println("hil: flash of " + partition + " interrupted after " + sent[0] + " bytes: "
                        + Hil.oneLine(interrupted) + "; " + partition + " is not verified, run the same command again");
                return EXIT_INTERRUPTED;
            }
            closeBar(bar.get());
            String check = written.verification() instanceof PartitionWriter.Verification.ReadBack r
                    ? "verified: read back " + r.bytes() + " bytes, all equal"
                    : "NOT verified: " + ((PartitionWriter.Verification.Unverified) written.verification()).reason();
            double seconds = written.took().toNanos() / 1e9;
            System.out.printf(Locale.ROOT, "hil: %s <- %s: %d bytes in %d download%s, %.2f s (%.1f MiB/s); %s%n", partition,
                    e.getValue(), written.sent(), written.downloads(), written.downloads() == 1 ? "" : "s", seconds,
                    written.sent() / 1048576.0 / Math.max(seconds, 1e-9), check);
        }
        return 0;
    }

    private static void closeBar(ProgressBar bar) {
        if (bar != null) {
            bar.close();
        }
    }

    /**
     * Powers the board on into U-Boot; with a recipe build whose medium was flashed, types that
     * medium's boot commands and waits until U-Boot has started the image.
     */
    private static void bootIntoTheNewImage(Target board, Optional<BuildUnderTest> recipeBuild, Map<String, Path> images) {
        BootStrategy strategy = new BootStrategy(board, BootTimeouts.defaults());
        strategy.transition(BootState.BOOTLOADER);
        Console console = board.console();
        String prompt = board.board().bootloader().prompt();
        System.out.println("hil: " + board.board().name() + " is up at U-Boot's prompt '" + prompt.strip() + "'");
        if (recipeBuild.isEmpty()) {
            return;
        }
        Optional<BuildManifest.BootMedium> medium = recipeBuild.get().manifest().boot().stream()
                .filter(m -> images.containsKey(m.medium().equals("sd") ? "sd" : "flash" + m.bank())).findFirst();
        if (medium.isEmpty()) {
            return;
        }
        List<String> commands = medium.get().commands();
        Pattern promptPattern = Pattern.compile(Pattern.quote(prompt) + "$");
        for (String command : commands.subList(0, commands.size() - 1)) {
            console.sendLine(command);
            console.expect(promptPattern, COMMAND);
        }
        console.sendLine(commands.get(commands.size() - 1));
        console.expect(Pattern.compile("Starting kernel \\.\\.\\."), COMMAND);
        console.expect(Pattern.compile("\\S.*\\n"), COMMAND);
        System.out.println("hil: booted " + recipeBuild.get().manifest().recipe() + " from " + medium.get().medium() + " ("
                + String.join("; ", commands) + ")");
    }

    private static ConsoleSettings consoleSettings(BoardProfile profile) {
        return ConsoleSettings.defaults().withShellPrompt(Pattern.compile(profile.linux().shellPrompt()));
    }
}
