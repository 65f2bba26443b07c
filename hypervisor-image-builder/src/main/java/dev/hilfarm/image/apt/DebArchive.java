package dev.hilfarm.image.apt;

import dev.hilfarm.board.exec.HostCommand;
import dev.hilfarm.image.ImageCacheException;
import java.nio.file.Path;
import java.time.Duration;

/** A downloaded .deb, read with dpkg-deb. */
public record DebArchive(Path file) {

    /* The armmp kernel unpacks to about 200 MB (mostly modules); a slow disk needs more than seconds. */
    private static final Duration EXTRACT_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration FIELDS_TIMEOUT = Duration.ofSeconds(30);

    /** Package name and version as recorded in the archive itself, not as the index claimed. */
    public ControlFields fields() {
        HostCommand.Result result = HostCommand.of("dpkg-deb", "--field", file.toString(), "Package", "Version")
                .timeout(FIELDS_TIMEOUT).providedBy("dpkg").runChecked();
        ControlFields fields = ControlFields.parse(result.stdout());
        if (fields.get("Package").isEmpty() || fields.get("Version").isEmpty()) {
            throw new ImageCacheException("dpkg-deb printed no Package/Version for " + file);
        }
        return fields;
    }

    /** Unpacks the data part (the files the package installs) below {@code directory}. */
    public void extractTo(Path directory) {
        HostCommand.of("dpkg-deb", "--extract", file.toString(), directory.toString())
                .timeout(EXTRACT_TIMEOUT).providedBy("dpkg").runChecked();
    }
}
