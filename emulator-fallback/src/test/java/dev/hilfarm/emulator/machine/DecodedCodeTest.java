package dev.hilfarm.emulator.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hilfarm.emulator.bus.PhysicalBus;
import dev.hilfarm.emulator.cpu.Cpu;
import dev.hilfarm.emulator.cpu.CpuState;
import dev.hilfarm.emulator.memory.CodePage;
import org.junit.jupiter.api.Test;

/**
 * The fast tier's decoded-instruction cache on the standard core: decodes are reused, and every
 * way of writing memory (the core's own stores through the TLB, the bus, loaders) makes the next
 * fetch see the new instruction, in ARM and Thumb state, with or without cache maintenance.
 */
class DecodedCodeTest {
    private static final int RAM = 0x60000000;
    private static final int CODE = RAM + 0x10000;

    private final VexpressA9Machine machine = VexpressA9Machine.create(VexpressA9MachineTest.VEXPRESS, MachineOptions.defaults());
    private final PhysicalBus bus = machine.bus();
    private final Cpu cpu = machine.cpu();
    private final CpuState s = cpu.state;

    private void put(int address, int... words) {
        for (int i = 0; i < words.length; i++) {
            bus.write32(address + 4 * i, words[i]);
        }
    }

    private void putHalves(int address, int... halves) {
        for (int i = 0; i < halves.length; i++) {
            bus.write16(address + 2 * i, halves[i]);
        }
    }

    private void runArm(int pc, int steps) {
        s.thumb = false;
        s.pc = pc;
        for (int i = 0; i < steps; i++) {
            cpu.step();
        }
    }

    private void runThumb(int pc, int steps) {
        s.thumb = true;
        s.pc = pc;
        for (int i = 0; i < steps; i++) {
            cpu.step();
        }
    }

    @Test
    void armStoreOverADecodedInstructionIsSeenByTheNextFetch() {
        put(CODE,
                0xe3a00001,  // mov r0, #1
                0xe59f1010,  // ldr r1, [pc, #16]    (the word at CODE + 0x1c)
                0xe58f1000,  // str r1, [pc, #0]     (over the instruction at CODE + 0x10)
                0xe1a00000,  // nop
                0xe3a00002,  // mov r0, #2           (replaced by mov r0, #7)
                0xeafffffe,  // b .
                0xe1a00000,  // nop
                0xe3a00007); // mov r0, #7, as data
        runArm(CODE + 0x10, 1);
        assertEquals(2, s.r[0], "the original instruction, now decoded");
        assertTrue(bus.codePage(CODE).holdsCode());

        runArm(CODE, 5);
        assertEquals(7, s.r[0], "the stored instruction runs, without any cache maintenance");
        assertEquals(CODE + 0x14, s.pc);
        runArm(CODE + 0x10, 1);
        assertEquals(7, s.r[0], "and keeps running once decoded again");
    }

    @Test
    void storesToDataSharingACodePageKeepTheDecodesAndLandInMemory() {
        put(CODE,
                0xe3a01000 | 0x42, // mov r1, #0x42
                0xe5801000,        // str r1, [r0]
                0xe5902000);       // ldr r2, [r0]
        s.r[0] = CODE + 0x800;
        runArm(CODE, 3);
        assertEquals(0x42, bus.read32(CODE + 0x800));
        assertEquals(0x42, s.r[2]);
        CodePage page = bus.codePage(CODE);
        assertTrue(page.holdsCode(), "a store to data in the page leaves its decodes");
        assertTrue(page.armOps[0] != CodePage.EMPTY);
    }

    @Test
    void busWritesAndLoadersReplaceDecodedInstructions() {
        put(CODE, 0xe3a00002); // mov r0, #2
        runArm(CODE, 1);
        assertEquals(2, s.r[0]);
        bus.write32(CODE, 0xe3a00003); // a device or debugger writing physical memory
        runArm(CODE, 1);
        assertEquals(3, s.r[0]);
        byte[] image = {0x04, 0x00, (byte) 0xa0, (byte) 0xe3}; // mov r0, #4
        bus.load(CODE, image, 0, 4);
        runArm(CODE, 1);
        assertEquals(4, s.r[0]);
    }

    @Test
    void armAndThumbOnOnePageAreDecodedSeparately() {
        putHalves(CODE + 0x100,
                0x2003,  // movs r0, #3
                0x2105,  // movs r1, #5
                0x1842,  // adds r2, r0, r1
                0x4770); // bx lr
        put(CODE,
                0xe59fe008,  // ldr lr, [pc, #8]     (the ARM return address)
                0xe28fc0f4,  // add r12, pc, #0xf4   (CODE + 0x100, the Thumb code)
                0xe28cc001,  // add r12, r12, #1     (bit 0: Thumb)
                0xe12fff1c,  // bx r12
                CODE + 0x14, // (literal) return here, in ARM state
                0xe2822001); // add r2, r2, #1       (at CODE + 0x14)
        runArm(CODE, 4 + 4 + 1);
        assertFalse(s.thumb);
        assertEquals(9, s.r[2]);
        // Again from the cached decodes of both states.
        s.r[2] = 0;
        runArm(CODE, 4 + 4 + 1);
        assertEquals(9, s.r[2]);
        // A Thumb store over a Thumb instruction of the page.
        putHalves(CODE + 0x200,
                0x8001,  // strh r1, [r0]
                0x2207); // movs r2, #7  (replaced by movs r2, #9)
        s.r[0] = CODE + 0x202;
        s.r[1] = 0x2209;
        runThumb(CODE + 0x202, 1);
        assertEquals(7, s.r[2]);
        runThumb(CODE + 0x200, 2);
        assertEquals(9, s.r[2]);
    }

    @Test
    void wideThumbInstructionAcrossAPageBoundaryIsFetchedEveryTime() {
        int last = CODE + 0xffe;
        putHalves(last, 0xf240); // movw r0, #... (first half in one page, second in the next)
        putHalves(last + 2, 0x0011); // ... #0x11
        runThumb(last, 1);
        assertEquals(0x11, s.r[0]);
        bus.write16(last + 2, 0x0022); // only the second page changes
        runThumb(last, 1);
        assertEquals(0x22, s.r[0]);
    }

    @Test
    void wideThumbInstructionIsDroppedWhenItsSecondHalfIsWritten() {
        putHalves(CODE + 0x300, 0xf240, 0x0011); // movw r0, #0x11
        runThumb(CODE + 0x300, 1);
        assertEquals(0x11, s.r[0]);
        cpu.memory.write16(CODE + 0x302, 0x0033);
        runThumb(CODE + 0x300, 1);
        assertEquals(0x33, s.r[0]);
    }
}
