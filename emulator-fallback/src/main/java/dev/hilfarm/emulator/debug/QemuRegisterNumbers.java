package dev.hilfarm.emulator.debug;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Register numbers as a gdbstub assigns them, read from its target description: the features in
 * include order, each register numbered one after the previous unless it names its own regnum.
 * QEMU's cortex-a9 numbers r0-r15 0-15, cpsr 25, d0-d31 from 26 and fpscr after the q registers;
 * reading the description instead of assuming that keeps the checker right across QEMU versions.
 */
final class QemuRegisterNumbers {
    private static final Pattern INCLUDE = Pattern.compile("<xi:include\\s+href=\"([^\"]+)\"");
    private static final Pattern REG = Pattern.compile("<reg\\s([^>]*)>");
    private static final Pattern NAME = Pattern.compile("name=\"([^\"]+)\"");
    private static final Pattern REGNUM = Pattern.compile("regnum=\"(\\d+)\"");

    private final Map<String, Integer> numbers = new HashMap<>();

    private QemuRegisterNumbers() {
    }

    /** Reads target.xml and everything it includes. Also makes QEMU use its XML register layout for 'g'. */
    static QemuRegisterNumbers read(RspClient gdb) throws IOException {
        QemuRegisterNumbers result = new QemuRegisterNumbers();
        String target = gdb.readFeature("target.xml");
        int next = result.scan(target, 0);
        Matcher include = INCLUDE.matcher(target);
        while (include.find()) {
            next = result.scan(gdb.readFeature(include.group(1)), next);
        }
        return result;
    }

    /** Parses a description document directly (tests). */
    static QemuRegisterNumbers parse(String... documents) {
        QemuRegisterNumbers result = new QemuRegisterNumbers();
        int next = 0;
        for (String document : documents) {
            next = result.scan(document, next);
        }
        return result;
    }

    private int scan(String document, int next) {
        Matcher reg = REG.matcher(document);
        while (reg.find()) {
            String attributes = reg.group(1);
            Matcher name = NAME.matcher(attributes);
            Matcher regnum = REGNUM.matcher(attributes);
            int number = regnum.find() ? Integer.parseInt(regnum.group(1)) : next;
            if (name.find()) {
                numbers.putIfAbsent(name.group(1), number);
            }
            next = number + 1;
        }
        return next;
    }

    /** The number of a register by name, or -1 when the stub does not describe it. */
    int number(String name) {
        return numbers.getOrDefault(name, -1);
    }
}
