package dev.hilfarm.emulator.vfp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hilfarm.emulator.cpu.Cpu;
import dev.hilfarm.emulator.cpu.Mode;
import dev.hilfarm.emulator.cpu.UndefinedInstruction;
import dev.hilfarm.emulator.memory.DirectMemory;
import dev.hilfarm.emulator.memory.Memory;
import dev.hilfarm.emulator.memory.MemoryAbort;
import dev.hilfarm.emulator.memory.Ram;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The VFP unit at instruction level: enabling, system registers, transfers, loads and stores, vectors. */
class VfpUnitTest {
    private static final int ONE = 0x3f800000;
    private static final int TWO = 0x40000000;

    private final Ram ram = new Ram(0, 0x10000);
    private final Cpu cpu = new Cpu();
    private int cpacr = 0xf << 20;
    private final VfpUnit unit = new VfpUnit(() -> cpacr);

    @BeforeEach
    void enable() {
        cpu.fpu = unit;
        cpu.memory = new DirectMemory(ram);
        unit.setFpexc(VfpUnit.FPEXC_EN);
    }

    private void run(int insn) {
        unit.execute(cpu, insn);
    }

    private void undefined(int insn) {
        assertThrows(UndefinedInstruction.class, () -> unit.execute(cpu, insn), () -> Integer.toHexString(insn));
    }

    @Test
    void resetDisablesTheUnitAndClearsItsState() {
        unit.setSingle(3, 42);
        unit.setFpscr(0x03c00000);
        unit.reset();
        assertEquals(0, unit.fpexc());
        assertEquals(0, unit.fpscr());
        assertEquals(0, unit.single(3));
        undefined(VfpEncoding.threeOperand(VfpEncoding.VADD, false, 0, 1, 2));
    }

    @Test
    void fpexcEnableGatesEverythingButThePrivilegedIdAndControlRegisters() {
        unit.setFpexc(0);
        undefined(VfpEncoding.threeOperand(VfpEncoding.VADD, true, 0, 1, 2));
        undefined(VfpEncoding.vmrs(1, 0)); // FPSCR
        undefined(VfpEncoding.vldr(true, false, 0, 1, 0));
        undefined(VfpEncoding.vmovCoreSingle(true, 0, 0));
        run(VfpEncoding.vmrs(8, 0));
        assertEquals(0, cpu.state.reg(0));
        run(VfpEncoding.vmrs(0, 1));
        assertEquals(VfpUnit.FPSID, cpu.state.reg(1));
        run(VfpEncoding.vmrs(7, 2));
        assertEquals(VfpUnit.MVFR0, cpu.state.reg(2));
        run(VfpEncoding.vmrs(6, 3));
        assertEquals(VfpUnit.MVFR1, cpu.state.reg(3));
        // Linux's lazy switching: enable through FPEXC, then the trapped instruction runs.
        cpu.state.setReg(4, 0xffffffff);
        run(VfpEncoding.vmsr(8, 4));
        assertEquals(VfpUnit.FPEXC_EN, unit.fpexc(), "only EN is writable");
        run(VfpEncoding.threeOperand(VfpEncoding.VADD, true, 0, 1, 2));
    }

    @Test
    void userModeMayNotTouchTheIdRegistersOrFpexc() {
        cpu.state.switchMode(Mode.USR);
        undefined(VfpEncoding.vmrs(8, 0));
        undefined(VfpEncoding.vmsr(8, 0));
        undefined(VfpEncoding.vmrs(0, 0));
        undefined(VfpEncoding.vmrs(7, 0));
        run(VfpEncoding.vmrs(1, 0)); // FPSCR is fine
        run(VfpEncoding.threeOperand(VfpEncoding.VMUL, false, 0, 1, 2));
    }

    @Test
    void cpacrDeniesAccessAsItsCp10FieldSays() {
        int vadd = VfpEncoding.threeOperand(VfpEncoding.VADD, false, 0, 1, 2);
        cpacr = 0;
        undefined(vadd);
        undefined(VfpEncoding.vmrs(8, 0)); // even FPEXC: CPACR gates the whole coprocessor
        cpacr = 0b10 << 20;
        undefined(vadd);
        cpacr = 0b01 << 20; // privileged only
        run(vadd);
        cpu.state.switchMode(Mode.USR);
        undefined(vadd);
        cpacr = 0b11 << 20;
        run(vadd);
    }

    @Test
    void idRegistersDescribeVfpv3D16WithHalfConversionAndNoNeon() {
        assertEquals(0x41033090, VfpUnit.FPSID);
        assertEquals(1, VfpUnit.MVFR0 & 0xf, "16 double registers (Linux: HWCAP_VFPv3D16)");
        assertEquals(2, (VfpUnit.MVFR0 >> 8) & 0xf, "VFPv3 double precision");
        assertNotEquals(0x00011100, VfpUnit.MVFR1 & 0x000fff00, "Linux must not advertise NEON");
        assertEquals(0, VfpUnit.MVFR1 & 0xf0000000, "no VFPv4 fused multiply-add");
        assertEquals(1, (VfpUnit.MVFR1 >> 24) & 0xf, "half/single conversion");
    }

    @Test
    void fpscrKeepsOnlyItsImplementedBitsAndVmrsCanSetTheApsrFlags() {
        cpu.state.setReg(0, 0xffffffff);
        run(VfpEncoding.vmsr(1, 0));
        run(VfpEncoding.vmrs(1, 1));
        assertEquals(0xfff7009f, cpu.state.reg(1), "trap enables and FZ16 read as zero");
        cpu.state.setReg(0, 0x60000000);
        run(VfpEncoding.vmsr(1, 0));
        run(VfpEncoding.vmrs(1, 15)); // VMRS APSR_nzcv, FPSCR
        assertEquals(0x60000000, cpu.state.cpsr() & 0xf0000000);
        unit.setSingle(5, 0x90000000);
        run(VfpEncoding.vmovCoreSingle(true, 5, 15));
        assertEquals(0x90000000, cpu.state.cpsr() & 0xf0000000);
    }

    @Test
    void vcmpSetsFpscrFlagsThatVmrsCopiesForAConditionalBranch() {
        unit.setSingle(0, ONE);
        unit.setSingle(1, TWO);
        run(VfpEncoding.vcmp(false, false, 0, 1));
        assertEquals(0x80000000, unit.fpscr() & Fpscr.NZCV, "1 < 2: N");
        run(VfpEncoding.vcmpZero(false, true, 0));
        assertEquals(0x20000000, unit.fpscr() & Fpscr.NZCV, "1 > 0: C");
        unit.setSingle(2, 0x7fc00000);
        run(VfpEncoding.vcmpZero(false, true, 2));
        assertEquals(0x30000000, unit.fpscr() & Fpscr.NZCV, "unordered: C V");
        assertEquals(Fpscr.IOC, unit.fpscr() & Fpscr.IOC, "VCMPE signals on a quiet NaN");
    }

    @Test
    void theConditionIsCheckedInArmStateAndLeftToTheItLogicInThumbState() {
        int vaddEq = (VfpEncoding.threeOperand(VfpEncoding.VADD, false, 0, 1, 2) & 0x0fffffff);
        unit.setSingle(1, ONE);
        unit.setSingle(2, ONE);
        cpu.state.z = 0;
        run(vaddEq);
        assertEquals(0, unit.single(0), "EQ failed: not executed");
        cpu.state.z = 1;
        run(vaddEq);
        assertEquals(TWO, unit.single(0));
        unit.setSingle(0, 0);
        cpu.state.z = 0;
        cpu.state.thumb = true;
        run(vaddEq);
        assertEquals(TWO, unit.single(0), "Thumb: the IT block already decided");
        undefined(vaddEq | 0xf0000000);
    }

    @Test
    void vmlaIsNotFusedItRoundsTheProductFirst() {
        int a = 0x3f800800; // 1 + 2^-12: a*a = 1 + 2^-11 + 2^-24, which rounds to 1 + 2^-11
        unit.setSingle(1, a);
        unit.setSingle(2, a);
        unit.setSingle(0, 0xbf801000); // -(1 + 2^-11)
        run(VfpEncoding.threeOperand(VfpEncoding.VMLA, false, 0, 1, 2));
        assertEquals(0, unit.single(0), "a fused multiply-add would give 2^-24");
        assertEquals(Fpscr.IXC, unit.fpscr() & 0x9f);
    }

    @Test
    void negatedForms() {
        unit.setSingle(1, TWO);
        unit.setSingle(2, 0x40400000); // 3
        unit.setSingle(0, ONE);
        run(VfpEncoding.threeOperand(VfpEncoding.VNMLA, false, 0, 1, 2)); // -1 - 6
        assertEquals(0xc0e00000, unit.single(0));
        unit.setSingle(0, ONE);
        run(VfpEncoding.threeOperand(VfpEncoding.VNMLS, false, 0, 1, 2)); // -1 + 6
        assertEquals(0x40a00000, unit.single(0));
        unit.setSingle(0, ONE);
        run(VfpEncoding.threeOperand(VfpEncoding.VMLS, false, 0, 1, 2)); // 1 - 6
        assertEquals(0xc0a00000, unit.single(0));
        run(VfpEncoding.threeOperand(VfpEncoding.VNMUL, false, 0, 1, 2));
        assertEquals(0xc0c00000, unit.single(0));
        // With DN, VNMUL negates the default NaN the multiply produced.
        unit.setFpscr(Fpscr.DN);
        unit.setSingle(1, 0x7f800000);
        unit.setSingle(2, 0);
        run(VfpEncoding.threeOperand(VfpEncoding.VNMUL, false, 0, 1, 2));
        assertEquals(0xffc00000, unit.single(0));
    }

    @Test
    void vmovImmediateExpandsTheVfpv3Constant() {
        run(VfpEncoding.vmovImmediate(false, 3, 0x70));
        assertEquals(ONE, unit.single(3));
        run(VfpEncoding.vmovImmediate(true, 2, 0x84)); // -2.5
        assertEquals(Double.doubleToRawLongBits(-2.5), unit.doubleRegister(2));
        run(VfpEncoding.vmovImmediate(false, 0, 0x3f)); // 16 * 1.9375
        assertEquals(Float.floatToRawIntBits(31f), unit.single(0));
        run(VfpEncoding.vmovImmediate(false, 0, 0x40)); // 2^-3 * 1.0, the smallest
        assertEquals(Float.floatToRawIntBits(0.125f), unit.single(0));
    }

    @Test
    void fixedPointVcvtWorksInPlaceAndExtendsTheResult() {
        unit.setSingle(4, Float.floatToRawIntBits(-1.5f));
        run(VfpEncoding.vcvtFixed(false, true, false, false, 4, 16 - 8)); // VCVT.S16.F32 s4, s4, #8
        assertEquals(-384, unit.single(4));
        run(VfpEncoding.vcvtFixed(false, false, false, false, 4, 16 - 8)); // and back
        assertEquals(Float.floatToRawIntBits(-1.5f), unit.single(4));
        unit.setDoubleRegister(1, Double.doubleToRawLongBits(-2.0));
        run(VfpEncoding.vcvtFixed(true, true, false, true, 1, 32 - 4)); // VCVT.S32.F64 d1, d1, #4
        assertEquals(-32L, unit.doubleRegister(1), "sign-extended to 64 bits");
    }

    @Test
    void integerVcvtRoundsTowardsZeroAndVcvtrUsesTheFpscrMode() {
        unit.setDoubleRegister(1, Double.doubleToRawLongBits(2.67e12));
        run(VfpEncoding.vcvtToInteger(true, true, true, 0, 1));
        assertEquals(2147483647, unit.single(0));
        assertEquals(Fpscr.IOC, unit.fpscr() & 0x9f);
        unit.setSingle(1, Float.floatToRawIntBits(-2.5f));
        unit.setFpscr(Fpscr.ROUND_MINUS_INFINITY << Fpscr.RMODE_SHIFT);
        run(VfpEncoding.vcvtToInteger(false, true, false, 0, 1));
        assertEquals(-3, unit.single(0));
        run(VfpEncoding.vcvtToInteger(false, true, true, 0, 1));
        assertEquals(-2, unit.single(0));
        unit.setSingle(2, -1);
        run(VfpEncoding.vcvtFromInteger(true, false, 3, 2)); // VCVT.F64.U32 d3, s2
        assertEquals(Double.doubleToRawLongBits(4294967295.0), unit.doubleRegister(3));
    }

    @Test
    void halfPrecisionConversionsUseTheChosenHalf() {
        unit.setSingle(1, 0x3c00c000); // top 1.0, bottom -2.0
        run(VfpEncoding.vcvtHalf(false, true, 2, 1));
        assertEquals(ONE, unit.single(2));
        run(VfpEncoding.vcvtHalf(false, false, 3, 1));
        assertEquals(0xc0000000, unit.single(3));
        unit.setSingle(4, 0x12345678);
        run(VfpEncoding.vcvtHalf(true, true, 4, 2)); // VCVTT.F16.F32 s4, s2: top half only
        assertEquals(0x3c005678, unit.single(4));
        run(VfpEncoding.vcvtHalf(true, false, 4, 3));
        assertEquals(0x3c00c000, unit.single(4));
    }

    @Test
    void d16ToD31AndNeonEncodingsAreUndefined() {
        undefined(VfpEncoding.threeOperand(VfpEncoding.VADD, true, 16, 0, 1));
        undefined(VfpEncoding.threeOperand(VfpEncoding.VADD, true, 0, 17, 1));
        undefined(VfpEncoding.threeOperand(VfpEncoding.VADD, true, 0, 1, 31));
        undefined(VfpEncoding.vcvtPrecision(false, 16, 0));
        undefined(VfpEncoding.vcvtPrecision(true, 0, 20));
        undefined(VfpEncoding.vldr(true, true, 16, 0, 0));
        undefined(VfpEncoding.vldm(true, true, true, false, 0, 15, 4)); // d15-d16
        undefined(VfpEncoding.vmovTwo(true, false, 16, 0, 1));
        undefined(VfpEncoding.vmovCoreScalar(true, 16, 0, 0));
        undefined(0xee800b10); // VDUP.32 d0, r0
        undefined(0xee400b10); // VMOV.8 d0[0], r0
        undefined(0xee000b30); // VMOV.16 d0[0], r0
        undefined(0xeed00b10); // VMOV.U8 r0, d0[0]
        undefined(0xeea00a81); // VFMA.F32: VFPv4
        undefined(0xeeb20b40); // VCVTB.F64.F16: ARMv8
        undefined(0xfe000a00); // unconditional space
    }

    @Test
    void coreRegisterTransfers() {
        cpu.state.setReg(2, 0x11111111);
        cpu.state.setReg(3, 0x22222222);
        run(VfpEncoding.vmovTwo(true, false, 5, 2, 3)); // VMOV d5, r2, r3
        assertEquals(0x2222222211111111L, unit.doubleRegister(5));
        run(VfpEncoding.vmovTwo(false, true, 10, 4, 5)); // VMOV r4, r5, s10, s11
        assertEquals(0x11111111, cpu.state.reg(4));
        assertEquals(0x22222222, cpu.state.reg(5));
        undefined(VfpEncoding.vmovTwo(false, false, 31, 0, 1)); // s31, s32
        undefined(VfpEncoding.vmovTwo(true, true, 0, 15, 1));
        cpu.state.setReg(6, 0xabcdef01);
        run(VfpEncoding.vmovCoreScalar(false, 7, 1, 6)); // VMOV d7[1], r6
        assertEquals(0xabcdef01, unit.single(15));
        run(VfpEncoding.vmovCoreScalar(true, 7, 1, 8)); // VMOV r8, d7[1]
        assertEquals(0xabcdef01, cpu.state.reg(8));
        run(VfpEncoding.vmovCoreSingle(false, 30, 6)); // VMOV s30, r6
        assertEquals(0xabcdef01, unit.single(30));
    }

    @Test
    void vldrAndVstrAddressFromABaseOrTheAlignedPc() {
        ram.write32(0x2000, ONE);
        cpu.state.setReg(1, 0x2010);
        run(VfpEncoding.vldr(true, false, 7, 1, -16));
        assertEquals(ONE, unit.single(7));
        unit.setDoubleRegister(3, 0x0123456789abcdefL);
        run(VfpEncoding.vldr(false, true, 3, 1, 8));
        assertEquals(0x89abcdef, ram.read32(0x2018), "low word first");
        assertEquals(0x01234567, ram.read32(0x201c));
        // ARM: PC reads as the instruction + 8.
        cpu.state.pc = 0x1000;
        ram.write32(0x100c, TWO);
        run(VfpEncoding.vldr(true, false, 0, 15, 4));
        assertEquals(TWO, unit.single(0));
        // Thumb: PC + 4, word-aligned.
        cpu.state.thumb = true;
        cpu.state.pc = 0x1002;
        ram.write32(0x1008, 0x40400000);
        run(VfpEncoding.vldr(true, false, 0, 15, 4));
        assertEquals(0x40400000, unit.single(0));
    }

    @Test
    void vpushAndVpopUseTheStackWithWriteback() {
        cpu.state.setReg(13, 0x3000);
        unit.setDoubleRegister(8, 0x1111111122222222L);
        unit.setDoubleRegister(9, 0x3333333344444444L);
        run(0xed2d8b04); // VPUSH {d8-d9}
        assertEquals(0x2ff0, cpu.state.reg(13));
        assertEquals(0x22222222, ram.read32(0x2ff0));
        assertEquals(0x33333333, ram.read32(0x2ffc));
        unit.setDoubleRegister(8, 0);
        unit.setDoubleRegister(9, 0);
        run(0xecbd8b04); // VPOP {d8-d9}
        assertEquals(0x3000, cpu.state.reg(13));
        assertEquals(0x1111111122222222L, unit.doubleRegister(8));
        assertEquals(0x3333333344444444L, unit.doubleRegister(9));
        run(0xed2d4a03); // VPUSH {s8-s10}
        assertEquals(0x3000 - 12, cpu.state.reg(13));
    }

    @Test
    void fstmxTransfersTheDoublesAndWritesBackOneMoreWord() {
        cpu.state.setReg(0, 0x4000);
        unit.setDoubleRegister(0, -1L);
        unit.setDoubleRegister(1, -2L);
        run(VfpEncoding.vldm(false, true, true, true, 0, 0, 5)); // FSTMIAX r0!, {d0-d1}
        assertEquals(0x4014, cpu.state.reg(0));
        assertEquals(-2, ram.read32(0x4008));
        assertEquals(0, ram.read32(0x4010), "the format word is not written");
        undefined(VfpEncoding.vldm(true, false, true, false, 0, 0, 0)); // no registers
        undefined(VfpEncoding.vldm(true, false, true, true, 15, 0, 1)); // writeback to PC
    }

    @Test
    void anAbortInTheMiddleOfVldmLeavesTheBaseRegisterAlone() {
        cpu.memory = new FaultingMemory(new DirectMemory(ram), 0x5008);
        cpu.state.setReg(2, 0x5000);
        assertThrows(MemoryAbort.class, () -> run(VfpEncoding.vldm(true, false, true, true, 2, 0, 4)));
        assertEquals(0x5000, cpu.state.reg(2));
        cpu.state.setReg(2, 0x5002);
        assertThrows(MemoryAbort.class, () -> run(VfpEncoding.vldr(true, false, 0, 2, 0)), "unaligned");
    }

    @Test
    void bigEndianDataSwapsBytesAndTheWordsOfADouble() {
        cpu.state.bigEndianData = true;
        cpu.state.setReg(0, 0x6000);
        unit.setDoubleRegister(0, 0x1122334455667788L);
        run(VfpEncoding.vldr(false, true, 0, 0, 0));
        assertEquals(0x11, ram.read8(0x6000));
        assertEquals(0x88, ram.read8(0x6007));
        run(VfpEncoding.vldr(true, false, 2, 0, 0));
        assertEquals(0x11223344, unit.single(2));
        run(VfpEncoding.vldr(true, true, 1, 0, 0));
        assertEquals(0x1122334455667788L, unit.doubleRegister(1));
        run(VfpEncoding.vldm(true, false, true, false, 0, 4, 2)); // singles are not paired
        assertEquals(0x11223344, unit.single(4));
        assertEquals(0x55667788, unit.single(5));
    }

    @Test
    void shortVectorsFollowLenAndStrideWithinTheirBank() {
        for (int i = 0; i < 32; i++) {
            unit.setSingle(i, Float.floatToRawIntBits(i));
        }
        // LEN = 3 (four elements), STRIDE = 0b11 (two): s8,s10,s12,s14 = s16+s24, s18+s26, ...
        unit.setFpscr((3 << Fpscr.STRIDE_SHIFT) | (3 << Fpscr.LEN_SHIFT));
        run(VfpEncoding.threeOperand(VfpEncoding.VADD, false, 8, 16, 24));
        assertEquals(40f, Float.intBitsToFloat(unit.single(8)));
        assertEquals(44f, Float.intBitsToFloat(unit.single(10)));
        assertEquals(52f, Float.intBitsToFloat(unit.single(14)));
        assertEquals(9f, Float.intBitsToFloat(unit.single(9)), "not an element");
        // Mixed: a scalar-bank second operand is reused; a scalar-bank destination makes it all scalar.
        run(VfpEncoding.threeOperand(VfpEncoding.VMUL, false, 16, 16, 2));
        assertEquals(32f, Float.intBitsToFloat(unit.single(16)));
        assertEquals(44f, Float.intBitsToFloat(unit.single(22)));
        run(VfpEncoding.threeOperand(VfpEncoding.VMUL, false, 1, 2, 3));
        assertEquals(6f, Float.intBitsToFloat(unit.single(1)));
        assertEquals(3f, Float.intBitsToFloat(unit.single(3)), "scalar: only s1 written");
        // Wrapping within the bank: s15, s8, s9.
        unit.setFpscr(2 << Fpscr.LEN_SHIFT);
        run(VfpEncoding.vmovImmediate(false, 15, 0x70));
        assertEquals(ONE, unit.single(15));
        assertEquals(ONE, unit.single(8));
        assertEquals(ONE, unit.single(9));
        assertEquals(44f, Float.intBitsToFloat(unit.single(10)));
        // A double-precision two-operand vector: d4 = -d6, d5 = -d7.
        unit.setDoubleRegister(6, Double.doubleToRawLongBits(6.0));
        unit.setDoubleRegister(7, Double.doubleToRawLongBits(7.0));
        unit.setFpscr(1 << Fpscr.LEN_SHIFT);
        run(VfpEncoding.vneg(true, 4, 6));
        assertEquals(-6.0, Double.longBitsToDouble(unit.doubleRegister(4)));
        assertEquals(-7.0, Double.longBitsToDouble(unit.doubleRegister(5)));
        // Comparisons and conversions ignore LEN.
        run(VfpEncoding.vcvtPrecision(true, 20, 4));
        assertEquals(-6f, Float.intBitsToFloat(unit.single(20)));
        assertEquals(21f, Float.intBitsToFloat(unit.single(21)));
    }

    /** A view of memory that aborts at one address and on unaligned word accesses, as the MMU would. */
    private static final class FaultingMemory implements Memory {
        private final Memory inner;
        private final int faultAddress;

        FaultingMemory(Memory inner, int faultAddress) {
            this.inner = inner;
            this.faultAddress = faultAddress;
        }

        private void check(int va) {
            if (va == faultAddress || (va & 3) != 0) {
                throw MemoryAbort.DATA;
            }
        }

        @Override
        public int read8(int va) {
            return inner.read8(va);
        }

        @Override
        public int read16(int va) {
            return inner.read16(va);
        }

        @Override
        public int read32(int va) {
            return inner.read32(va);
        }

        @Override
        public void write8(int va, int value) {
            inner.write8(va, value);
        }

        @Override
        public void write16(int va, int value) {
            inner.write16(va, value);
        }

        @Override
        public void write32(int va, int value) {
            inner.write32(va, value);
        }

        @Override
        public int fetch16(int va) {
            return inner.fetch16(va);
        }

        @Override
        public int fetch32(int va) {
            return inner.fetch32(va);
        }

        @Override
        public int readUnprivileged(int va, int size) {
            return inner.readUnprivileged(va, size);
        }

        @Override
        public void writeUnprivileged(int va, int size, int value) {
            inner.writeUnprivileged(va, size, value);
        }

        @Override
        public int read32Aligned(int va) {
            check(va);
            return inner.read32Aligned(va);
        }

        @Override
        public void write32Aligned(int va, int value) {
            check(va);
            inner.write32Aligned(va, value);
        }

        @Override
        public long translateForDebug(int va) {
            return inner.translateForDebug(va);
        }
    }
}
