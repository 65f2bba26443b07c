package dev.hilfarm.image.uboot;

import dev.hilfarm.image.ImageCacheException;
import java.nio.file.Path;
import java.util.Optional;

/** A U-Boot build failed. The message is one line and names the kept build log, when there is one. */
public final class UBootBuildException extends ImageCacheException {

    private final String reason;
    private final transient Path log;

    public UBootBuildException(String reason, Path log) {
        super(log == null ? reason : reason + "; build log: " + log);
        this.reason = reason;
        this.log = log;
    }

    /** The same failure with its log kept somewhere else. */
    public UBootBuildException withLog(Path keptLog) {
        UBootBuildException moved = new UBootBuildException(reason, keptLog);
        moved.setStackTrace(getStackTrace());
        return moved;
    }

    public String reason() {
        return reason;
    }

    public Optional<Path> log() {
        return Optional.ofNullable(log);
    }
}
