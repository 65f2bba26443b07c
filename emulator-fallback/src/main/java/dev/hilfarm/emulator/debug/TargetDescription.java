package dev.hilfarm.emulator.debug;

/**
 * The target description XML the stub serves through {@code qXfer:features:read:target.xml}: the
 * features GDB's ARM support recognises, {@code org.gnu.gdb.arm.core} (r0-r12, sp, lr, pc, cpsr)
 * and, with an FPU, {@code org.gnu.gdb.arm.vfp} (d0-d15 or d0-d31 and fpscr). Register numbers
 * follow GDB's and QEMU's ARM convention (cpsr is 25, the D registers start at 26), and they also
 * fix the order of the registers in the 'g' packet.
 */
public final class TargetDescription {
    public static final int CPSR_REGNUM = 25;
    public static final int FIRST_DOUBLE_REGNUM = 26;

    private TargetDescription() {
    }

    /** The remote register number of FPSCR for an FPU with {@code doubleRegisters} D registers. */
    public static int fpscrRegnum(int doubleRegisters) {
        return FIRST_DOUBLE_REGNUM + doubleRegisters;
    }

    /** The XML document; {@code doubleRegisters} is 0 for a core without an FPU. */
    public static String xml(int doubleRegisters) {
        StringBuilder xml = new StringBuilder(2048);
        xml.append("<?xml version=\"1.0\"?>\n")
                .append("<!DOCTYPE target SYSTEM \"gdb-target.dtd\">\n")
                .append("<target version=\"1.0\">\n")
                .append("  <architecture>arm</architecture>\n")
                .append("  <feature name=\"org.gnu.gdb.arm.core\">\n");
        for (int i = 0; i <= 12; i++) {
            register(xml, "r" + i, 32, null, i);
        }
        register(xml, "sp", 32, "data_ptr", 13);
        register(xml, "lr", 32, null, 14);
        register(xml, "pc", 32, "code_ptr", 15);
        register(xml, "cpsr", 32, null, CPSR_REGNUM);
        xml.append("  </feature>\n");
        if (doubleRegisters > 0) {
            xml.append("  <feature name=\"org.gnu.gdb.arm.vfp\">\n");
            for (int i = 0; i < doubleRegisters; i++) {
                register(xml, "d" + i, 64, "ieee_double", FIRST_DOUBLE_REGNUM + i);
            }
            xml.append("    <reg name=\"fpscr\" bitsize=\"32\" type=\"int\" group=\"float\" regnum=\"")
                    .append(fpscrRegnum(doubleRegisters)).append("\"/>\n");
            xml.append("  </feature>\n");
        }
        return xml.append("</target>\n").toString();
    }

    private static void register(StringBuilder xml, String name, int bits, String type, int regnum) {
        xml.append("    <reg name=\"").append(name).append("\" bitsize=\"").append(bits).append('"');
        if (type != null) {
            xml.append(" type=\"").append(type).append('"');
        }
        xml.append(" regnum=\"").append(regnum).append("\"/>\n");
    }
}
