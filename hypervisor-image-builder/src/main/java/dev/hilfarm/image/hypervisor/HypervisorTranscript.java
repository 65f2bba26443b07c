package dev.hilfarm.image.hypervisor;

import dev.hilfarm.board.BoardProfile;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The UART output of a reference-hypervisor run, read back: which line came from which guest,
 * and whether the run shows everything the reference recipe promises. {@link #problems} lists
 * every broken promise in words, so one check serves QEMU, the emulator and real boards alike.
 */
public final class HypervisorTranscript {
    private static final Pattern GUEST_LINE = Pattern.compile("\\[([a-z][a-z0-9-]*)] (.*)");
    private static final Pattern FAULT = Pattern.compile(
            "hv: fault guest=(\\S+) pc=(0x[0-9a-f]{8}) addr=(0x[0-9a-f]{8}) kind=(\\S+)(?: access=(\\S+))?.*");
    private static final Pattern ATTEMPT = Pattern.compile("attempt (\\d+): (.*)");

    /** One line of the console, after the hypervisor's banner. */
    public record Line(int number, String source, String text) {
        public boolean fromHypervisor() {
            return source.equals("hv");
        }
    }

    /** A reported fault. */
    public record Fault(int line, String guest, long pc, long address, String kind, String access) {
    }

    /** What a trapping probe attempt must be reported as; {@code address} < 0: any address. */
    record Expected(String attempt, String kind, String access, long address) {
    }

    private final List<Line> lines = new ArrayList<>();
    private final List<String> malformed = new ArrayList<>();

    private HypervisorTranscript(String console) {
        String[] raw = console.replace("\r", "").split("\n", -1);
        boolean started = false;
        for (int i = 0; i < raw.length; i++) {
            String text = raw[i];
            if (!started) {
                started = text.startsWith("hv: hilfarm reference hypervisor");
                if (!started) {
                    continue;   // whatever the emulator or boot loader printed before
                }
            }
            if (text.isEmpty()) {
                continue;
            }
            if (text.startsWith("hv: ")) {
                lines.add(new Line(i + 1, "hv", text));
                continue;
            }
            Matcher m = GUEST_LINE.matcher(text);
            if (m.matches()) {
                lines.add(new Line(i + 1, m.group(1), m.group(2)));
            } else {
                malformed.add("line " + (i + 1) + " is neither the hypervisor's nor a guest's: \"" + text + "\"");
            }
        }
    }

    public static HypervisorTranscript parse(String console) {
        return new HypervisorTranscript(console);
    }

    public List<Line> lines() {
        return List.copyOf(lines);
    }

    public List<String> textOf(String guest) {
        return lines.stream().filter(l -> l.source().equals(guest)).map(Line::text).toList();
    }

    public List<Fault> faults() {
        List<Fault> out = new ArrayList<>();
        for (Line l : lines) {
            Matcher m = FAULT.matcher(l.text());
            if (l.fromHypervisor() && m.matches()) {
                out.add(new Fault(l.number(), m.group(1), Long.decode(m.group(2)), Long.decode(m.group(3)), m.group(4),
                        m.group(5)));
            }
        }
        return out;
    }

    /**
     * Everything wrong with this run of the reference recipe, in words; empty when the run showed
     * all of it: every guest started and made progress, every probe attempt was trapped and reported
     * (or, where the hardware ignores it, shown to have changed nothing), the victim's data stayed
     * intact, the other guests ran on after the probe's faults, no line mixed two sources, and the
     * hypervisor finished with all guests stopped.
     */
    public List<String> problems(BoardProfile board) {
        if (lines.isEmpty()) {
            List<String> problems = new ArrayList<>(malformed);
            problems.add("the hypervisor's banner never appeared");
            return problems;
        }
        List<String> problems = new ArrayList<>();
        problems.addAll(interleavingProblems());
        problems.addAll(startProblems());
        problems.addAll(progressProblems());
        problems.addAll(isolationProblems(board));
        problems.addAll(containmentProblems());
        return problems;
    }

    private List<String> guestNames() {
        return HypervisorRecipe.reference().guests().stream().map(HypervisorRecipe.Guest::name).toList();
    }

    /** Lines that are not whole lines of one source: malformed, of an unknown guest, or two sources mixed. */
    public List<String> interleavingProblems() {
        List<String> problems = new ArrayList<>(malformed);
        List<String> names = guestNames();
        for (Line l : lines) {
            if (!l.fromHypervisor() && !names.contains(l.source())) {
                problems.add("line " + l.number() + " has the prefix of an unknown guest: " + l.source());
            }
            for (String other : names) {
                if (l.text().contains("[" + other + "] ") || (!l.fromHypervisor() && l.text().contains("hv: "))) {
                    problems.add("line " + l.number() + " mixes two sources: \"" + l.text() + "\"");
                    break;
                }
            }
        }
        return problems;
    }

    /** Guests the hypervisor did not create or that never said they started. */
    public List<String> startProblems() {
        List<String> problems = new ArrayList<>();
        if (lines.isEmpty()) {
            problems.add("the hypervisor's banner never appeared");
        }
        for (String guest : guestNames()) {
            if (!hasHv("hv: guest=" + guest + " id=")) {
                problems.add("the hypervisor did not create guest " + guest);
            }
            List<String> text = textOf(guest);
            if (text.isEmpty() || !text.get(0).startsWith("started")) {
                problems.add("guest " + guest + " never printed \"started\"");
            }
        }
        return problems;
    }

    /** Progress under the scheduler: milestones in order, preemption of the guest that never yields, messages served. */
    public List<String> progressProblems() {
        List<String> problems = new ArrayList<>();
        checkProgress(problems, "work", 6);
        checkProgress(problems, "personal", 10);
        checkPreemption(problems);
        checkDrmService(problems);
        return problems;
    }

    /** Every probe attempt trapped and reported (or shown harmless), and the victim's data intact. */
    public List<String> isolationProblems(BoardProfile board) {
        List<String> problems = new ArrayList<>();
        checkProbe(problems, board.ram().base(), board.console().address());
        checkVictim(problems);
        return problems;
    }

    /** The others ran on after the probe's faults, everyone exited cleanly, and the run ended as it should. */
    public List<String> containmentProblems() {
        List<String> problems = new ArrayList<>();
        List<String> names = guestNames();
        checkContainment(problems, names);
        for (String guest : names) {
            if (!hasHv("hv: guest=" + guest + " exited status=0")) {
                problems.add("guest " + guest + " did not exit with status 0");
            }
        }
        if (lines.isEmpty()) {
            problems.add("the hypervisor printed nothing");
            return problems;
        }
        Line last = lines.get(lines.size() - 1);
        if (!last.text().equals("hv: all guests stopped")) {
            problems.add("the run did not end with \"hv: all guests stopped\" (last line: \"" + last.text() + "\")");
        }
        lines.stream().filter(l -> l.text().contains("BREACH") || l.text().startsWith("hv: panic"))
                .forEach(l -> problems.add("line " + l.number() + ": " + l.text()));
        return problems;
    }

    private void checkProgress(List<String> problems, String guest, int milestones) {
        List<String> expected = new ArrayList<>();
        for (int i = 1; i <= milestones; i++) {
            expected.add("progress " + i + "/" + milestones);
        }
        List<String> seen = textOf(guest).stream().filter(t -> t.startsWith("progress ")).toList();
        if (!seen.equals(expected)) {
            problems.add("guest " + guest + " progress lines " + seen + ", expected " + expected);
        }
    }

    /** "work" never yields: other guests printing between its milestones means the timer preempted it. */
    private void checkPreemption(List<String> problems) {
        int first = indexOf("work", "progress 1/6");
        int last = indexOf("work", "progress 6/6");
        if (first < 0 || last < 0) {
            return;
        }
        boolean others = lines.subList(first, last).stream().anyMatch(l -> !l.fromHypervisor() && !l.source().equals("work"));
        if (!others) {
            problems.add("no other guest printed while work (which never yields) ran its milestones: no preemption seen");
        }
    }

    private void checkDrmService(List<String> problems) {
        for (String client : List.of("work", "personal")) {
            if (!textOf("drm-service").contains("request \"key please\" from " + client)) {
                problems.add("drm-service did not receive " + client + "'s request");
            }
            if (!textOf(client).contains("got \"key-for-" + client + "\" from drm-service")) {
                problems.add(client + " did not get its key from drm-service");
            }
        }
    }

    private void checkProbe(List<String> problems, long ramBase, long uart) {
        long victim = ramBase + 0x200000L + 0x100000L + 0x80000L;   // GUEST_PHYS(personal) + GUEST_VICTIM_OFFSET
        long hypervisor = ramBase + 0x100000L;
        List<Expected> expected = List.of(
                new Expected("read another guest's memory", "data-abort(permission)", "read", victim),
                new Expected("write another guest's memory", "data-abort(permission)", "write", victim),
                new Expected("read hypervisor memory", "data-abort(permission)", "read", hypervisor),
                new Expected("write hypervisor memory", "data-abort(permission)", "write", hypervisor + 0x100),
                new Expected("read device memory", "data-abort(permission)", "read", uart),
                new Expected("write device memory", "data-abort(permission)", "write", uart),
                new Expected("read unmapped memory", "data-abort(translation)", "read", 0x01f00000L),
                new Expected("execute hypervisor code", "prefetch-abort(permission)", "execute", hypervisor),
                new Expected("write DACR (privileged coprocessor register)", "undefined-instruction", null, -1),
                new Expected("write TTBR0 (privileged coprocessor register)", "undefined-instruction", null, -1));
        Map<String, Integer> attemptLines = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            Line l = lines.get(i);
            Matcher m = ATTEMPT.matcher(l.text());
            if (l.source().equals("probe") && m.matches()) {
                attemptLines.putIfAbsent(m.group(2), i);
            }
        }
        for (Expected e : expected) {
            Integer at = attemptLines.get(e.attempt());
            if (at == null) {
                problems.add("the probe never tried to " + e.attempt());
                continue;
            }
            Fault fault = nextProbeFault(at);
            if (fault == null) {
                problems.add("probe attempt \"" + e.attempt() + "\" (line " + lines.get(at).number()
                        + ") was not reported as a fault");
                continue;
            }
            if (!fault.kind().equals(e.kind()) || (e.access() != null && !e.access().equals(fault.access()))
                    || (e.address() >= 0 && fault.address() != e.address())) {
                problems.add(String.format("probe attempt \"%s\" reported as kind=%s access=%s addr=0x%08x, expected kind=%s"
                                + " access=%s%s", e.attempt(), fault.kind(), fault.access(), fault.address(), e.kind(), e.access(),
                        e.address() >= 0 ? String.format(" addr=0x%08x", e.address()) : ""));
            }
            if (e.kind().startsWith("undefined") && fault.address() != fault.pc()) {
                problems.add("undefined instruction of attempt \"" + e.attempt() + "\" reported at addr != pc");
            }
        }
        for (String ignored : List.of("cpsid if: not trapped, ignored by the hardware: still preempted by the timer",
                "msr cpsr_c to mask irqs: not trapped, ignored by the hardware: still preempted by the timer",
                "cps #svc: not trapped, ignored by the hardware: mode still usr",
                "msr cpsr_c to svc: not trapped, ignored by the hardware: mode still usr")) {
            if (!textOf("probe").contains(ignored)) {
                problems.add("the probe did not show that this changed nothing: " + ignored);
            }
        }
        String flood = textOf("probe").stream().filter(t -> t.startsWith("hypercall flood: ")).findFirst().orElse(null);
        Matcher counts = flood == null ? null : Pattern.compile("hypercall flood: (\\d+) bad calls, (\\d+) refused.*").matcher(flood);
        if (counts == null || !counts.matches()) {
            problems.add("the probe did not report its hypercall flood");
        } else {
            if (!counts.group(1).equals(counts.group(2))) {
                problems.add("not every bad hypercall was refused: " + flood);
            }
            if (!hasHv("hv: guest=probe rejected-hypercalls=" + counts.group(1))) {
                problems.add("the hypervisor's count of rejected hypercalls does not match the probe's " + counts.group(1));
            }
            if (lines.stream().noneMatch(l -> l.text().startsWith("hv: reject guest=probe pc=0x"))) {
                problems.add("no rejected hypercall was reported with guest and pc");
            }
        }
        if (!textOf("probe").contains("done: all 15 attempts made")) {
            problems.add("the probe did not get through all its attempts");
        }
        faults().stream().filter(f -> !f.guest().equals("probe"))
                .forEach(f -> problems.add("guest " + f.guest() + " faulted at line " + f.line() + " (only the probe should)"));
    }

    private Fault nextProbeFault(int fromIndex) {
        for (int i = fromIndex + 1; i < lines.size(); i++) {
            Line l = lines.get(i);
            if (l.source().equals("probe") && ATTEMPT.matcher(l.text()).matches()) {
                return null;   // the next attempt began: this one was not trapped
            }
            Matcher m = FAULT.matcher(l.text());
            if (l.fromHypervisor() && m.matches() && m.group(1).equals("probe")) {
                return new Fault(l.number(), "probe", Long.decode(m.group(2)), Long.decode(m.group(3)), m.group(4), m.group(5));
            }
        }
        return null;
    }

    private void checkVictim(List<String> problems) {
        Pattern beforeP = Pattern.compile(".*checksum before=([0-9a-f]{8}).*");
        Pattern afterP = Pattern.compile("checksum after=([0-9a-f]{8}) (\\S+)");
        String before = null;
        String after = null;
        int afterIndex = -1;
        for (int i = 0; i < lines.size(); i++) {
            Line l = lines.get(i);
            if (!l.source().equals("personal")) {
                continue;
            }
            Matcher b = beforeP.matcher(l.text());
            Matcher a = afterP.matcher(l.text());
            if (b.matches()) {
                before = b.group(1);
            } else if (a.matches()) {
                after = a.group(1);
                afterIndex = i;
            }
        }
        if (before == null || after == null) {
            problems.add("the victim (personal) did not print both checksums");
            return;
        }
        if (!before.equals(after)) {
            problems.add("the victim's data changed: checksum before=" + before + " after=" + after);
        }
        int probeDone = indexOf("probe", "done: all 15 attempts made");
        if (probeDone > afterIndex) {
            problems.add("the victim checked its data before the probe had finished (inconclusive)");
        }
    }

    /** After the probe's first fault, every other guest still running must print something. */
    private void checkContainment(List<String> problems, List<String> names) {
        List<Fault> faults = faults();
        if (faults.isEmpty()) {
            return;
        }
        int firstFaultLine = faults.get(0).line();
        for (String guest : names) {
            if (guest.equals("probe")) {
                continue;
            }
            boolean exitedBefore = lines.stream().anyMatch(l -> l.fromHypervisor()
                    && l.text().startsWith("hv: guest=" + guest + " exited") && l.number() < firstFaultLine);
            if (exitedBefore) {
                continue;
            }
            boolean after = lines.stream().anyMatch(l -> l.source().equals(guest) && l.number() > firstFaultLine);
            if (!after) {
                problems.add("guest " + guest + " printed nothing after the probe's first fault (line " + firstFaultLine + ")");
            }
        }
    }

    private int indexOf(String source, String text) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).source().equals(source) && lines.get(i).text().equals(text)) {
                return i;
            }
        }
        return -1;
    }

    private boolean hasHv(String prefix) {
        return lines.stream().anyMatch(l -> l.fromHypervisor() && l.text().startsWith(prefix));
    }
}
