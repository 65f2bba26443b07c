package dev.hilfarm.image.format.disk;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** What goes into a partition. */
public sealed interface PartitionContent {
    /** A FAT file system with these files in its root directory; the type follows the size unless given. */
    record Fat(Optional<FatType> type, String label, List<FatFile> files) implements PartitionContent {
        public Fat {
            files = List.copyOf(files);
        }
    }

    /** The bytes of an image file (an ext4 root file system, say), copied to the partition's start. */
    record Raw(Path image) implements PartitionContent {
    }

    /** Nothing: the partition is left as zeros. */
    record Empty() implements PartitionContent {
    }
}
