package dev.hilfarm.image;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * One fetch at a time per cache, across processes (parallel CI jobs sharing ~/.cache/hilfarm) and
 * within this JVM. Needed because apt runs with its own locking switched off: two updates writing
 * the same private lists directory would corrupt each other.
 */
public final class FetchLock implements AutoCloseable {

    /* A file lock is held per JVM, not per thread, so threads of this JVM queue here first. */
    private static final Map<Path, ReentrantLock> IN_THIS_JVM = new ConcurrentHashMap<>();

    private final ReentrantLock threadLock;
    private final FileChannel channel;
    private final FileLock fileLock;

    private FetchLock(ReentrantLock threadLock, FileChannel channel, FileLock fileLock) {
        this.threadLock = threadLock;
        this.channel = channel;
        this.fileLock = fileLock;
    }

    public static FetchLock acquire(Path lockFile, Consumer<String> progress) throws IOException {
        Path key = lockFile.toAbsolutePath().normalize();
        ReentrantLock threadLock = IN_THIS_JVM.computeIfAbsent(key, k -> new ReentrantLock());
        if (!threadLock.tryLock()) {
            progress.accept("waiting for another fetch into " + key.getParent() + " to finish");
            threadLock.lock();
        }
        FileChannel channel = null;
        try {
            Files.createDirectories(key.getParent());
            channel = FileChannel.open(key, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock fileLock = channel.tryLock();
            if (fileLock == null) {
                progress.accept("waiting for another process fetching into " + key.getParent() + " to finish");
                fileLock = channel.lock();
            }
            return new FetchLock(threadLock, channel, fileLock);
        } catch (IOException | RuntimeException e) {
            if (channel != null) {
                channel.close();
            }
            threadLock.unlock();
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            fileLock.release();
            channel.close();
        } finally {
            threadLock.unlock();
        }
    }
}
