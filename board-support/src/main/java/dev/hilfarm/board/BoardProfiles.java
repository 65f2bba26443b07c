package dev.hilfarm.board;

import dev.hilfarm.board.BoardProfile.BootRom;
import dev.hilfarm.board.BoardProfile.Bootloader;
import dev.hilfarm.board.BoardProfile.ConsoleUart;
import dev.hilfarm.board.BoardProfile.Cpu;
import dev.hilfarm.board.BoardProfile.Gadget;
import dev.hilfarm.board.BoardProfile.InterruptController;
import dev.hilfarm.board.BoardProfile.InterruptControllerKind;
import dev.hilfarm.board.BoardProfile.LinuxBoot;
import dev.hilfarm.board.BoardProfile.Memory;
import dev.hilfarm.board.BoardProfile.Platform;
import dev.hilfarm.board.BoardProfile.Power;
import dev.hilfarm.board.BoardProfile.PowerOff;
import dev.hilfarm.board.BoardProfile.PowerOffKind;
import dev.hilfarm.board.BoardProfile.Qemu;
import dev.hilfarm.board.BoardProfile.TickTimer;
import dev.hilfarm.board.BoardProfile.TimerKind;
import dev.hilfarm.board.BoardProfile.Usb;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The set of board profiles in use: the ones shipped with hilfarm, plus any YAML files in a
 * user's board directory (which may add boards or replace shipped ones of the same name).
 */
public final class BoardProfiles {
    private static final String BUILT_IN_INDEX = "boards/index.txt";
    private static final Set<String> TOP_FIELDS = Set.of("name", "description", "soc", "cpu", "ram", "console",
            "usb", "bootloader", "linux", "qemu", "power", "platform");

    private final Map<String, BoardProfile> byName;

    private BoardProfiles(Map<String, BoardProfile> byName) {
        this.byName = byName;
    }

    /** The shipped profiles, plus those in {@code extraDirectory} when it is given and exists. */
    public static BoardProfiles load(Optional<Path> extraDirectory) {
        Map<String, BoardProfile> profiles = new TreeMap<>();
        for (String resource : builtInResources()) {
            BoardProfile p = parse("classpath:" + resource, readResource(resource));
            profiles.put(p.name(), p);
        }
        if (extraDirectory.isPresent() && Files.isDirectory(extraDirectory.get())) {
            try (Stream<Path> files = Files.list(extraDirectory.get())) {
                for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                    BoardProfile p = parse(file);
                    profiles.put(p.name(), p);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list board directory " + extraDirectory.get(), e);
            }
        }
        return new BoardProfiles(profiles);
    }

    /** Shipped profiles plus $HIL_BOARDS (a directory of YAML profiles) when set. */
    public static BoardProfiles standard() {
        return load(Optional.ofNullable(System.getenv("HIL_BOARDS")).map(Path::of));
    }

    public Collection<BoardProfile> all() {
        return byName.values();
    }

    public Optional<BoardProfile> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The named profile, or an error listing the known names. */
    public BoardProfile get(String name) {
        return find(name).orElseThrow(() -> new UnknownBoardException(name, byName.keySet()));
    }

    public static BoardProfile parse(Path file) {
        try {
            return parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ProfileException(file.toString(), 0, "", "cannot read: " + e.getMessage());
        }
    }

    /** Parses and validates one profile; {@code file} is only used to name the source in errors. */
    public static BoardProfile parse(String file, String yaml) {
        YamlFields top = YamlFields.document(file, yaml);
        top.allowOnly(TOP_FIELDS);

        String name = top.string("name");
        if (!name.matches("[a-z0-9][a-z0-9-]*")) {
            throw top.problem("name", "board names are lower-case letters, digits and dashes, got '" + name + "'");
        }

        YamlFields cpuFields = top.mapping("cpu");
        cpuFields.allowOnly(Set.of("model", "cores"));
        String modelName = cpuFields.string("model");
        CpuModel model = CpuModel.byId(modelName).orElseThrow(() -> cpuFields.problem("model",
                "unknown CPU model '" + modelName + "' (known: cortex-a8, cortex-a9)"));
        int cores = cpuFields.positiveInt("cores");
        if (cores > 4) {
            throw cpuFields.problem("cores", "Cortex-A8/A9 clusters have at most 4 cores, got " + cores);
        }

        YamlFields ramFields = top.mapping("ram");
        ramFields.allowOnly(Set.of("base", "size"));
        Memory ram = new Memory(ramFields.address("base"), ramFields.size("size"));
        if (ram.end() > 0x1_0000_0000L) {
            throw ramFields.problem("size", "RAM ends beyond the 32-bit address space");
        }

        YamlFields consoleFields = top.mapping("console");
        consoleFields.allowOnly(Set.of("uart", "address", "irq", "baud", "linux-device"));
        ConsoleUart console = new ConsoleUart(consoleFields.choice("uart", BoardProfile.UartKind.class),
                consoleFields.address("address"), consoleFields.nonNegativeInt("irq"),
                consoleFields.positiveInt("baud"), consoleFields.string("linux-device"));

        Usb usb = parseUsb(top.mapping("usb"));
        Bootloader bootloader = parseBootloader(top.mapping("bootloader"));
        LinuxBoot linux = parseLinux(top.mapping("linux"), ram);

        Optional<Qemu> qemu = top.optionalMapping("qemu").map(q -> {
            q.allowOnly(Set.of("machine", "cpu"));
            return new Qemu(q.string("machine"), q.stringOr("cpu", model.id()));
        });

        Power power = top.optionalMapping("power").map(p -> {
            p.allowOnly(Set.of("on", "off"));
            List<String> on = p.stringsOrEmpty("on");
            List<String> off = p.stringsOrEmpty("off");
            if (on.isEmpty() != off.isEmpty()) {
                throw p.problem(on.isEmpty() ? "on" : "off", "power control needs both 'on' and 'off' commands");
            }
            return new Power(on, off);
        }).orElse(new Power(List.of(), List.of()));

        Optional<Platform> platform = top.optionalMapping("platform").map(BoardProfiles::parsePlatform);

        return new BoardProfile(name, top.string("description"), top.string("soc"), new Cpu(model, cores), ram,
                console, usb, bootloader, linux, qemu, power, platform, file);
    }

    private static Platform parsePlatform(YamlFields p) {
        p.allowOnly(Set.of("interrupt-controller", "timer", "power-off"));
        YamlFields ic = p.mapping("interrupt-controller");
        ic.allowOnly(Set.of("kind", "address", "cpu-interface"));
        InterruptControllerKind kind = ic.choice("kind", InterruptControllerKind.class);
        OptionalLong cpuInterface = ic.has("cpu-interface") ? OptionalLong.of(ic.address("cpu-interface")) : OptionalLong.empty();
        if (kind == InterruptControllerKind.GIC && cpuInterface.isEmpty()) {
            throw ic.problem("cpu-interface", "a GIC needs the address of its CPU interface");
        }
        if (kind != InterruptControllerKind.GIC && cpuInterface.isPresent()) {
            throw ic.problem("cpu-interface", "only a GIC has a separate CPU interface");
        }
        InterruptController controller = new InterruptController(kind, ic.address("address"), cpuInterface);

        YamlFields t = p.mapping("timer");
        t.allowOnly(Set.of("kind", "address", "irq", "clock-hz"));
        TickTimer timer = new TickTimer(t.choice("kind", TimerKind.class), t.address("address"),
                t.nonNegativeInt("irq"), t.positiveInt("clock-hz"));
        int interrupts = kind == InterruptControllerKind.GIC ? 1020 : 96;
        if (timer.irq() >= interrupts) {
            throw t.problem("irq", "a " + kind.name().toLowerCase().replace('_', '-') + " has interrupts 0-"
                    + (interrupts - 1) + ", got " + timer.irq());
        }
        if (timer.kind() == TimerKind.A9_PRIVATE && kind != InterruptControllerKind.GIC) {
            throw t.problem("kind", "the Cortex-A9 private timer interrupts through a GIC");
        }

        Optional<PowerOff> powerOff = p.optionalMapping("power-off").map(o -> {
            o.allowOnly(Set.of("kind", "address"));
            return new PowerOff(o.choice("kind", PowerOffKind.class), o.address("address"));
        });
        return new Platform(controller, timer, powerOff);
    }

    private static Usb parseUsb(YamlFields usb) {
        usb.allowOnly(Set.of("boot-rom", "gadgets"));
        Optional<BootRom> bootRom = usb.optionalMapping("boot-rom").map(rom -> {
            rom.allowOnly(Set.of("ids", "protocol"));
            List<UsbId> ids = new ArrayList<>();
            List<String> texts = rom.strings("ids");
            for (String t : texts) {
                UsbId id = UsbId.parseOrNull(t);
                if (id == null) {
                    throw rom.problem("ids", "expected USB IDs like 0451:d00e, got '" + t + "'");
                }
                ids.add(id);
            }
            if (ids.isEmpty()) {
                throw rom.problem("ids", "a boot ROM needs at least one USB ID");
            }
            return new BootRom(ids, rom.choice("protocol", BoardProfile.BootRomProtocol.class));
        });
        List<Gadget> gadgets = new ArrayList<>();
        if (usb.has("gadgets")) {
            for (YamlFields g : usb.mappings("gadgets")) {
                g.allowOnly(Set.of("id", "function"));
                gadgets.add(new Gadget(g.usbId("id"), g.choice("function", BoardProfile.GadgetFunction.class)));
            }
        }
        return new Usb(bootRom, gadgets);
    }

    private static Bootloader parseBootloader(YamlFields b) {
        b.allowOnly(Set.of("prompt", "autoboot-message", "interrupt", "autoboot-timeout-s", "boot-commands",
                "u-boot-defconfig"));
        String prompt = b.string("prompt");
        if (prompt.isEmpty()) {
            throw b.problem("prompt", "the bootloader prompt cannot be empty");
        }
        String interrupt = unescape(b.string("interrupt"));
        Optional<String> defconfig = b.optionalString("u-boot-defconfig");
        defconfig.ifPresent(name -> {
            // The name becomes a make target and a file name under configs/: keep it to what
            // U-Boot's own defconfig names use, so it can neither name an option nor leave configs/.
            if (name.endsWith("_defconfig")) {
                throw b.problem("u-boot-defconfig", "write the name without the _defconfig suffix ('"
                        + name.substring(0, name.length() - "_defconfig".length()) + "')");
            }
            if (!name.matches("[A-Za-z0-9][A-Za-z0-9_.+-]*")) {
                throw b.problem("u-boot-defconfig", "'" + name + "' is not a U-Boot defconfig name "
                        + "(letters, digits, '_', '.', '+', '-')");
            }
        });
        return new Bootloader(prompt, b.string("autoboot-message"), interrupt,
                Duration.ofSeconds(b.positiveInt("autoboot-timeout-s")), b.stringsOrEmpty("boot-commands"), defconfig);
    }

    private static LinuxBoot parseLinux(YamlFields l, Memory ram) {
        l.allowOnly(Set.of("kernel-address", "initrd-address", "dtb-address", "dtb", "shell-prompt"));
        long kernel = l.address("kernel-address");
        long initrd = l.address("initrd-address");
        long dtb = l.address("dtb-address");
        for (var entry : Map.of("kernel-address", kernel, "initrd-address", initrd, "dtb-address", dtb).entrySet()) {
            if (entry.getValue() < ram.base() || entry.getValue() >= ram.end()) {
                throw l.problem(entry.getKey(), String.format("0x%08x is outside RAM (0x%08x-0x%08x)",
                        entry.getValue(), ram.base(), ram.end() - 1));
            }
        }
        String dtbFile = l.string("dtb");
        if (!dtbFile.endsWith(".dtb") || dtbFile.contains("/")) {
            throw l.problem("dtb", "expected a file name like vexpress-v2p-ca9.dtb, got '" + dtbFile + "'");
        }
        String shellPrompt = l.stringOr("shell-prompt", "[#$] $");
        try {
            java.util.regex.Pattern.compile(shellPrompt);
        } catch (java.util.regex.PatternSyntaxException e) {
            throw l.problem("shell-prompt", "not a valid regular expression: " + e.getDescription());
        }
        return new LinuxBoot(kernel, initrd, dtb, dtbFile, shellPrompt);
    }

    /** Profiles write control keys as \e, \r, \n, \x03 (Ctrl-C) so that they survive YAML editing. */
    static String unescape(String s) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\' || i + 1 == s.length()) {
                out.append(c);
                continue;
            }
            char n = s.charAt(++i);
            switch (n) {
                case 'r' -> out.append('\r');
                case 'n' -> out.append('\n');
                case 'e' -> out.append('\u001b');
                case '\\' -> out.append('\\');
                case 'x' -> {
                    out.append((char) Integer.parseInt(s.substring(i + 1, i + 3), 16));
                    i += 2;
                }
                default -> out.append('\\').append(n);
            }
        }
        return out.toString();
    }

    private static List<String> builtInResources() {
        String index = readResource(BUILT_IN_INDEX);
        return index.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .map(l -> "boards/" + l).toList();
    }

    private static String readResource(String name) {
        try (InputStream in = BoardProfiles.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("shipped board profile missing from the class path: " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
