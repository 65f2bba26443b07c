package dev.hilfarm.emulator.memory;

import java.util.ArrayList;
import java.util.List;

/** The {@link CodeWatcher}s of one bus (one per core's TLB), told together. */
public final class CodeWatchers {
    private CodeWatcher[] watchers = new CodeWatcher[0];

    public void add(CodeWatcher watcher) {
        List<CodeWatcher> list = new ArrayList<>(List.of(watchers));
        if (!list.contains(watcher)) {
            list.add(watcher);
        }
        watchers = list.toArray(new CodeWatcher[0]);
    }

    void codeAppeared(CodePage page) {
        for (CodeWatcher watcher : watchers) {
            watcher.codeAppeared(page);
        }
    }

    void codeDropped(CodePage page) {
        for (CodeWatcher watcher : watchers) {
            watcher.codeDropped(page);
        }
    }
}
