package dev.hilfarm.image;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** What the image directory holds and where it came from; written last, it marks a fetch as complete. */
record ImageManifest(String kernelPackage, String kernelVersion, List<ManifestEntry> files) {

    ImageManifest {
        files = List.copyOf(files);
    }

    Optional<ManifestEntry> only(ManifestEntry.Role role) {
        List<ManifestEntry> matching = all(role);
        return matching.size() == 1 ? Optional.of(matching.get(0)) : Optional.empty();
    }

    List<ManifestEntry> all(ManifestEntry.Role role) {
        return files.stream().filter(entry -> entry.role() == role).toList();
    }

    /** The same manifest with the entry of that path replaced (or added). */
    ImageManifest with(ManifestEntry replacement) {
        List<ManifestEntry> updated = new ArrayList<>(files.stream()
                .filter(entry -> !entry.path().equals(replacement.path())).toList());
        updated.add(replacement);
        updated.sort(Comparator.comparing(ManifestEntry::path));
        return new ImageManifest(kernelPackage, kernelVersion, updated);
    }
}
