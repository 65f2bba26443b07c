package dev.hilfarm.harness.flash;

import dev.hilfarm.board.sparse.SparseDecoder;
import dev.hilfarm.harness.failure.InfrastructureException;
import dev.hilfarm.image.format.FastbootSplit;
import dev.hilfarm.image.format.SparseChunk;
import dev.hilfarm.image.format.SparseImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Flashes one image file to one partition over a {@link FastbootClient}, as the AOSP client
 * does: a raw image that fits max-download-size goes in one download; a sparse image, or a raw one
 * too big for one download, is sent as sparse pieces that each fit (the rest of each piece is
 * DONT_CARE, so the device leaves it alone). Then reads the partition back with {@code fetch} and
 * compares it with what was meant to be written; a device without {@code fetch} is reported as
 * unverified, never as verified.
 */
public final class FastbootFlasher implements PartitionWriter {
    private final FastbootClient client;

    public FastbootFlasher(FastbootClient client) {
        this.client = client;
    }

    @Override
    public Written write(String partition, Path image, Progress progress) {
        long start = System.nanoTime();
        try {
            long max = client.maxDownloadSize();
            boolean sparse = isSparse(image);
            long size = Files.size(image);
            List<byte[]> downloads = new ArrayList<>();
            if (!sparse && size <= max) {
                downloads.add(Files.readAllBytes(image));
            } else {
                SparseImage whole = sparse ? SparseImage.read(image) : SparseImage.fromRaw(image, SparseImage.DEFAULT_BLOCK_SIZE, List.of());
                for (SparseImage piece : FastbootSplit.split(whole, max)) {
                    ByteArrayOutputStream bytes = new ByteArrayOutputStream((int) Math.min(piece.sparseLength(), Integer.MAX_VALUE - 8));
                    piece.writeTo(bytes);
                    downloads.add(bytes.toByteArray());
                }
            }
            long total = downloads.stream().mapToLong(d -> d.length).sum();
            long sentBefore = 0;
            for (byte[] d : downloads) {
                long base = sentBefore;
                client.download(d, n -> progress.sent(base + n, total));
                client.flash(partition);
                sentBefore += d.length;
            }
            Verification verification = verify(partition, image, sparse, max);
            return new Written(partition, image, total, downloads.size(), Duration.ofNanos(System.nanoTime() - start), verification);
        } catch (IOException e) {
            throw new InfrastructureException("cannot read " + image + ": " + e.getMessage(), e);
        }
    }

    /** The ranges that must hold the image's bytes: all of a raw image; a sparse image's RAW and FILL chunks. */
    private Verification verify(String partition, Path image, boolean sparse, long max) throws IOException {
        Path expanded = image;
        List<long[]> ranges = new ArrayList<>();
        if (sparse) {
            SparseImage s = SparseImage.read(image);
            expanded = Files.createTempFile("hil-flash-verify-", ".img");
            s.expand(expanded);
            for (SparseChunk c : s.chunks()) {
                if (!(c instanceof SparseChunk.DontCare)) {
                    ranges.add(new long[] {c.startBlock() * s.blockSize(), c.blocks() * s.blockSize()});
                }
            }
        } else {
            ranges.add(new long[] {0, Files.size(image)});
        }
        try (FileChannel file = FileChannel.open(expanded, StandardOpenOption.READ)) {
            long compared = 0;
            int step = (int) Math.min(max, 8 << 20);
            for (long[] range : ranges) {
                for (long at = range[0]; at < range[0] + range[1]; at += step) {
                    int n = (int) Math.min(step, range[0] + range[1] - at);
                    byte[] onDevice;
                    try {
                        onDevice = client.fetch(partition, at, n);
                    } catch (FastbootFailure e) {
                        if (compared == 0) {
                            return new Verification.Unverified("the device cannot read partitions back (" + e.getMessage() + ")");
                        }
                        throw e;
                    }
                    byte[] expected = new byte[n];
                    java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(expected);
                    while (b.hasRemaining() && file.read(b, at + b.position()) >= 0) {
                        // read until full
                    }
                    int differs = Arrays.mismatch(expected, onDevice);
                    if (differs >= 0) {
                        throw new InfrastructureException(String.format("verify %s: partition %s differs from %s at byte %d"
                                + " (wrote 0x%02x, reads 0x%02x)", partition, partition, image, at + differs,
                                expected[differs] & 0xff, differs < onDevice.length ? onDevice[differs] & 0xff : -1));
                    }
                    compared += n;
                }
            }
            return new Verification.ReadBack(compared);
        } finally {
            if (sparse) {
                Files.deleteIfExists(expanded);
            }
        }
    }

    private static boolean isSparse(Path image) throws IOException {
        try (InputStream in = Files.newInputStream(image)) {
            return SparseDecoder.hasMagic(in.readNBytes(4));
        }
    }
}
