package dev.hilfarm.emulator.isa;

import dev.hilfarm.emulator.cpu.Cpu;
import dev.hilfarm.emulator.cpu.CpuState;
import dev.hilfarm.emulator.cpu.UndefinedInstruction;

/**
 * The miscellaneous 16-bit Thumb instructions, first halfword 1011 xxxx xxxx xxxx (A6.2.5):
 * ADD/SUB SP, CBZ/CBNZ, the extends, PUSH/POP, SETEND, CPS, REV*, HLT, BKPT, IT and the hints.
 */
final class ThumbMiscellaneous {
    private ThumbMiscellaneous() {
    }

    static void execute(Cpu cpu, CpuState s, int hw) {
        switch ((hw >>> 8) & 0xf) {
            case 0x0: { // ADD/SUB SP, SP, #imm7 * 4
                int imm = (hw & 0x7f) << 2;
                s.r[13] = (hw & 0x80) != 0 ? s.r[13] - imm : s.r[13] + imm;
                return;
            }
            case 0x1:
            case 0x3:
            case 0x9:
            case 0xb: { // CBZ, CBNZ
                boolean zero = s.r[hw & 7] == 0;
                if (zero != ((hw & 0x0800) != 0)) {
                    s.nextPc = s.pc + 4 + (((hw >>> 2) & 0x3e) | ((hw >>> 3) & 0x40));
                }
                return;
            }
            case 0x2: { // SXTH, SXTB, UXTH, UXTB
                int value = s.r[(hw >>> 3) & 7];
                int result;
                switch ((hw >>> 6) & 3) {
                    case 0:
                        result = (short) value;
                        break;
                    case 1:
                        result = (byte) value;
                        break;
                    case 2:
                        result = value & 0xffff;
                        break;
                    default:
                        result = value & 0xff;
                        break;
                }
                s.r[hw & 7] = result;
                return;
            }
            case 0x4:
            case 0x5: { // PUSH {list, LR?}
                int list = (hw & 0xff) | ((hw & 0x100) << 6);
                int n = Integer.bitCount(list);
                if (n == 0) {
                    throw UndefinedInstruction.INSTANCE;
                }
                int base = s.r[13];
                BlockTransfer.store(cpu, 13, list, base - 4 * n, true, base - 4 * n);
                return;
            }
            case 0xc:
            case 0xd: { // POP {list, PC?}
                int list = (hw & 0xff) | ((hw & 0x100) << 7);
                int n = Integer.bitCount(list);
                if (n == 0) {
                    throw UndefinedInstruction.INSTANCE;
                }
                int base = s.r[13];
                BlockTransfer.load(cpu, 13, list, base, true, base + 4 * n);
                return;
            }
            case 0x6:
                processorStateOrEndianness(s, hw);
                return;
            case 0xa:
                reverse(cpu, s, hw);
                return;
            case 0xe:
                SystemOperations.breakpoint(cpu);
                return;
            case 0xf:
                if ((hw & 0xf) != 0) {
                    s.itState = hw & 0xff; // IT: firstcond and mask are ITSTATE's layout
                } else {
                    SystemOperations.hint(cpu, (hw >>> 4) & 0xf);
                }
                return;
            default:
                throw UndefinedInstruction.INSTANCE;
        }
    }

    /** 1011 0110 010x: SETEND; 1011 0110 011x: CPS. */
    private static void processorStateOrEndianness(CpuState s, int hw) {
        if ((hw & 0xf7) == 0x50) {
            s.bigEndianData = (hw & 0x08) != 0;
        } else if ((hw & 0xe8) == 0x60) {
            StatusRegisters.changeProcessorState(s, (hw & 0x10) != 0 ? 3 : 2, false,
                    (hw & 4) != 0, (hw & 2) != 0, (hw & 1) != 0, 0);
        } else {
            throw UndefinedInstruction.INSTANCE;
        }
    }

    /** 1011 1010: REV, REV16, REVSH, and HLT (semihosting only). */
    private static void reverse(Cpu cpu, CpuState s, int hw) {
        int rd = hw & 7;
        int value = s.r[(hw >>> 3) & 7];
        switch ((hw >>> 6) & 3) {
            case 0:
                s.r[rd] = Integer.reverseBytes(value);
                return;
            case 1:
                s.r[rd] = BitOperations.reverseHalfwords(value);
                return;
            case 2:
                SystemOperations.halt(cpu, hw & 0x3f, SystemOperations.SEMIHOSTING_HLT_THUMB);
                return;
            default:
                s.r[rd] = BitOperations.reverseSignedHalfword(value);
        }
    }
}
