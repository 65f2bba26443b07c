package dev.hilfarm.emulator.machine;

import dev.hilfarm.emulator.cpu.Cpu;
import dev.hilfarm.emulator.cpu.InstructionSet;
import dev.hilfarm.emulator.cpu.SystemControl;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A stand-in for the instruction sets in machine tests: every address executes as a no-op
 * unless the test attached an action to it. Lets the machine's run loop, interrupts and devices
 * be tested without the real decoders. Exceptions vector to {@link #VECTORS}.
 */
final class ScriptedCore implements InstructionSet, SystemControl, CpuWiring {
    static final int VECTORS = 0x60f00000;

    private final Map<Integer, Consumer<Cpu>> actions = new HashMap<>();

    ScriptedCore at(int address, Consumer<Cpu> action) {
        actions.put(address, action);
        return this;
    }

    @Override
    public void execute(Cpu cpu, int first) {
        Consumer<Cpu> action = actions.get(cpu.state.pc);
        if (action != null) {
            action.accept(cpu);
        }
    }

    @Override
    public void wire(Machine machine, Cpu cpu) {
        cpu.arm = this;
        cpu.thumb = this;
        cpu.systemControl = this;
    }

    @Override
    public boolean highVectors() {
        return false;
    }

    @Override
    public int vectorBase() {
        return VECTORS;
    }

    @Override
    public boolean thumbExceptions() {
        return false;
    }

    @Override
    public boolean exceptionEndianBig() {
        return false;
    }
}
