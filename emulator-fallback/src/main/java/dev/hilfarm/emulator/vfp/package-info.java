/**
 * The Cortex-A9's VFPv3-D16 floating-point unit (no Advanced SIMD), bit-exact with the ARM
 * architecture and with QEMU's cortex-a9.
 *
 * <p>Wiring: {@code cpu.fpu = new VfpUnit(cp15)}, where {@code cp15} implements
 * {@link dev.hilfarm.emulator.vfp.CoprocessorAccess} and returns the current CPACR. The integer
 * instruction sets hand every coprocessor 10/11 instruction to {@link dev.hilfarm.emulator.vfp.VfpUnit#execute}
 * in its A32 form.
 *
 * <p>How the arithmetic is exact without Java's help: Java's float and double operations round to
 * nearest and raise no flags, while the VFP must round in four modes, flush denormals, pick NaNs by
 * ARM's rules and accumulate Invalid, Divide-by-zero, Overflow, Underflow (tininess detected before
 * rounding), Inexact and Input-denormal. So every operation first computes its result exactly, as
 * an integer significand with a sticky bit ({@link dev.hilfarm.emulator.vfp.SinglePrecision},
 * {@link dev.hilfarm.emulator.vfp.DoublePrecision}), and one routine rounds that value the way the
 * pseudocode's FPRound does ({@link dev.hilfarm.emulator.vfp.FpRounding}). Double-precision
 * division and square root let Java compute the nearest value on significands scaled to [1, 4) and
 * use Dekker's exact product to learn which side the true result lies on; nothing allocates and no
 * BigDecimal is needed.
 *
 * <p>Checked against QEMU by {@code VfpQemuDifferentialTest}, which runs generated cases on
 * {@code qemu-system-arm -M vexpress-a9} and on this unit and compares them bit for bit. Where the
 * two must differ: this core has no NEON (VDUP and the 8/16-bit scalar moves are UNDEFINED) and no
 * D16-D31; and short vectors follow the architecture where QEMU 7.2 has two bugs (single-precision
 * STRIDE 0b11 stepping by four registers instead of two, and the wrong register advanced in
 * double-precision two-operand vector operations).
 */
package dev.hilfarm.emulator.vfp;
