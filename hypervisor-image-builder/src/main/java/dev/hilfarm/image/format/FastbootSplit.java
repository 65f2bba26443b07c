package dev.hilfarm.image.format;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Splits a sparse image into pieces no bigger than a device's {@code max-download-size}, the way
 * the AOSP fastboot client does (libsparse's resparse): each piece is a complete sparse image of
 * the same total size in which the blocks of the other pieces are DONT_CARE, so flashing the
 * pieces one after the other writes the whole image.
 *
 * <p>The rule, so that a device sees the same pieces from hilfarm as from fastboot: the RAW and
 * FILL runs are taken in order while they fit in the limit less 80 bytes (the file header, four
 * chunk headers and a CRC chunk's body that libsparse reserves). The run that does not fit is cut
 * at a block boundary to fill the piece when the piece is empty or more than an eighth of the room
 * is still free; otherwise it starts the next piece. An image whose sparse size is within the
 * limit is sent whole, as fastboot does.
 */
public final class FastbootSplit {
    /** libsparse's reserve per piece: 28-byte header, four 12-byte chunk headers, a 4-byte CRC. */
    static final int OVERHEAD = SparseImage.HEADER_SIZE + 4 * SparseChunk.HEADER_SIZE + 4;

    private FastbootSplit() {
    }

    public static List<SparseImage> split(SparseImage image, long maxDownloadSize) {
        int bs = image.blockSize();
        if (maxDownloadSize < OVERHEAD + SparseChunk.HEADER_SIZE + bs) {
            throw new IllegalArgumentException("a max-download-size of " + maxDownloadSize + " bytes cannot hold one " + bs + "-byte block");
        }
        if (image.sparseLength() <= maxDownloadSize) {
            return List.of(image);
        }
        return resparse(image, maxDownloadSize);
    }

    /** libsparse's resparse as {@code simg2simg} runs it: pieces even when the whole image would fit. */
    public static List<SparseImage> resparse(SparseImage image, long maxSize) {
        int bs = image.blockSize();
        if (maxSize < OVERHEAD + SparseChunk.HEADER_SIZE + bs) {
            throw new IllegalArgumentException("a piece of at most " + maxSize + " bytes cannot hold one " + bs + "-byte block");
        }
        long maxDownloadSize = maxSize;
        Deque<SparseChunk> backed = backedRuns(image);
        long room = maxDownloadSize - OVERHEAD;
        List<SparseImage> pieces = new ArrayList<>();
        boolean more = true;
        while (more) {
            List<SparseChunk> piece = new ArrayList<>();
            long used = 0;
            more = false;
            while (!backed.isEmpty()) {
                SparseChunk run = backed.peekFirst();
                long size = run.sparseSize(bs);
                if (used + size > room) {
                    if (piece.isEmpty() || room - used > room / 8) {
                        long fitting = (room - used) / bs;
                        if (fitting > 0 && fitting < run.blocks()) {
                            backed.removeFirst();
                            piece.add(head(run, fitting, bs));
                            backed.addFirst(tail(run, fitting, bs));
                        }
                    }
                    more = true;
                    break;
                }
                used += size;
                piece.add(backed.removeFirst());
            }
            pieces.add(new SparseImage(bs, image.totalBlocks(), withGaps(piece, image.totalBlocks()), image.dataFile()));
        }
        return pieces;
    }

    /** The RAW and FILL runs; neighbouring FILLs of one pattern are one run, as libsparse merges them when it reads. */
    private static Deque<SparseChunk> backedRuns(SparseImage image) {
        Deque<SparseChunk> runs = new ArrayDeque<>();
        for (SparseChunk c : image.chunks()) {
            if (c instanceof SparseChunk.DontCare) {
                continue;
            }
            SparseChunk last = runs.peekLast();
            if (c instanceof SparseChunk.Fill f && last instanceof SparseChunk.Fill l
                    && l.pattern() == f.pattern() && l.startBlock() + l.blocks() == f.startBlock()) {
                runs.removeLast();
                runs.addLast(new SparseChunk.Fill(l.startBlock(), l.blocks() + f.blocks(), f.pattern()));
            } else {
                runs.addLast(c);
            }
        }
        return runs;
    }

    private static SparseChunk head(SparseChunk run, long blocks, int bs) {
        if (run instanceof SparseChunk.Raw r) {
            return new SparseChunk.Raw(r.startBlock(), blocks, r.dataOffset());
        }
        SparseChunk.Fill f = (SparseChunk.Fill) run;
        return new SparseChunk.Fill(f.startBlock(), blocks, f.pattern());
    }

    private static SparseChunk tail(SparseChunk run, long blocks, int bs) {
        if (run instanceof SparseChunk.Raw r) {
            return new SparseChunk.Raw(r.startBlock() + blocks, r.blocks() - blocks, r.dataOffset() + blocks * bs);
        }
        SparseChunk.Fill f = (SparseChunk.Fill) run;
        return new SparseChunk.Fill(f.startBlock() + blocks, f.blocks() - blocks, f.pattern());
    }

    /** The runs with DONT_CARE chunks before, between and after them, so the piece covers every block. */
    private static List<SparseChunk> withGaps(List<SparseChunk> runs, long totalBlocks) {
        List<SparseChunk> chunks = new ArrayList<>();
        long next = 0;
        for (SparseChunk c : runs) {
            if (c.startBlock() > next) {
                chunks.add(new SparseChunk.DontCare(next, c.startBlock() - next));
            }
            chunks.add(c);
            next = c.startBlock() + c.blocks();
        }
        if (next < totalBlocks) {
            chunks.add(new SparseChunk.DontCare(next, totalBlocks - next));
        }
        return chunks;
    }
}
