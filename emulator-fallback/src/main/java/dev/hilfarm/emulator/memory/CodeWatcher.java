package dev.hilfarm.emulator.memory;

/**
 * Something that lets writes reach memory without going through the bus (a TLB handing out RAM
 * arrays) and so must stop doing that for pages whose decoded instructions have to see the writes.
 */
public interface CodeWatcher {
    /** {@code page} now holds decodes: its writes must go through the bus from now on. */
    void codeAppeared(CodePage page);

    /** {@code page} holds no decodes any more: writes may bypass the bus again. */
    void codeDropped(CodePage page);
}
