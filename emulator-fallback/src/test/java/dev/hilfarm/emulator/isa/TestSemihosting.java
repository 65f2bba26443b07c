package dev.hilfarm.emulator.isa;

import dev.hilfarm.emulator.cpu.Cpu;
import dev.hilfarm.emulator.cpu.Semihosting;

/**
 * The few semihosting operations the instruction tests' programs use: SYS_WRITEC, SYS_WRITE0 and
 * SYS_EXIT (which stops the CPU). Output is collected in memory.
 */
final class TestSemihosting implements Semihosting {
    static final int SYS_WRITEC = 0x03;
    static final int SYS_WRITE0 = 0x04;
    static final int SYS_EXIT = 0x18;
    static final int ADP_STOPPED_APPLICATION_EXIT = 0x20026;

    final StringBuilder output = new StringBuilder();
    boolean exited;
    int exitReason;
    int calls;

    @Override
    public boolean handle(Cpu cpu) {
        calls++;
        int op = cpu.state.r[0];
        int arg = cpu.state.r[1];
        switch (op) {
            case SYS_WRITEC:
                output.append((char) cpu.memory.read8(arg));
                return true;
            case SYS_WRITE0:
                for (int a = arg; ; a++) {
                    int ch = cpu.memory.read8(a);
                    if (ch == 0) {
                        break;
                    }
                    output.append((char) ch);
                }
                return true;
            case SYS_EXIT:
                exited = true;
                exitReason = arg;
                cpu.requestStop();
                return true;
            default:
                return false;
        }
    }
}
