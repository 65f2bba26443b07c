package dev.hilfarm.harness.flash;

import dev.hilfarm.harness.failure.InfrastructureException;
import dev.hilfarm.image.format.SparseImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

/**
 * Flashes one image to one DFU target (the alternate setting named like the partition) and reads
 * it back with UPLOAD to compare. DFU has no sparse format, so an Android sparse image is expanded
 * first; an image with a DFU suffix is sent without it.
 */
public final class DfuFlasher implements PartitionWriter {
    private final DfuClient client;

    public DfuFlasher(DfuClient client) {
        this.client = client;
    }

    @Override
    public Written write(String partition, Path image, Progress progress) {
        long start = System.nanoTime();
        byte[] bytes;
        try {
            bytes = content(image);
        } catch (IOException e) {
            throw new InfrastructureException("cannot read " + image + ": " + e.getMessage(), e);
        }
        byte[] data = bytes;
        client.download(partition, data, n -> progress.sent(n, data.length));
        byte[] back = client.upload(partition, data.length);
        int differs = Arrays.mismatch(data, back);
        if (differs >= 0) {
            throw new InfrastructureException(String.format("verify %s: the DFU target %s differs from %s at byte %d",
                    partition, partition, image, differs));
        }
        return new Written(partition, image, data.length, 1, Duration.ofNanos(System.nanoTime() - start),
                new Verification.ReadBack(back.length));
    }

    private static byte[] content(Path image) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(image)) {
            head = in.readNBytes(4);
        }
        if (dev.hilfarm.board.sparse.SparseDecoder.hasMagic(head)) {
            Path expanded = Files.createTempFile("hil-dfu-", ".img");
            try {
                SparseImage.read(image).expand(expanded);
                return Files.readAllBytes(expanded);
            } finally {
                Files.deleteIfExists(expanded);
            }
        }
        byte[] all = Files.readAllBytes(image);
        try {
            return DfuFile.parse(image.toString(), all).firmware();
        } catch (IllegalArgumentException noSuffix) {
            return all;
        }
    }
}
