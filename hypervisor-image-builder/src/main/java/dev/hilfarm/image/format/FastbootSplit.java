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
 * FILL runs are taken in order while they fit in the limit less a reserve for the headers around
 * them (80 bytes in today's fastboot; see {@link Rule}). The run that does not fit is cut
 * at a block boundary to fill the piece when the piece is empty or more than an eighth of the room
 * is still free; otherwise it starts the next piece. An image whose sparse size is within the
 * limit is sent whole, as fastboot does.
 */
public final class FastbootSplit {
    /** The two versions of libsparse's packing rule fastboot has shipped with. */
    public enum Rule {
        /**
         * Today's AOSP fastboot: 80 bytes kept free (the file header, four chunk headers: a
         * leading DONT_CARE, the cut run's, a trailing DONT_CARE, a CRC chunk's; and the CRC), each
         * run counted as its own chunk; no piece exceeds the limit.
         */
        CURRENT(SparseImage.HEADER_SIZE + 4 * SparseChunk.HEADER_SIZE + 4, false),
        /**
         * libsparse of Android 10 (Debian 12's simg2simg and fastboot): 56 bytes kept free (two
         * chunk headers), a run after a gap counted with the DONT_CARE header before it, and the
         * cut run's header taken from the room left before cutting. Kept to check this code
         * against the Debian tools byte for byte.
         */
        ANDROID_10(SparseImage.HEADER_SIZE + 2 * SparseChunk.HEADER_SIZE + 4, true);

        private final int reserve;
        private final boolean countsGapHeaders;

        Rule(int reserve, boolean countsGapHeaders) {
            this.reserve = reserve;
            this.countsGapHeaders = countsGapHeaders;
        }

        /** Bytes of each piece kept free for headers. */
        public int reserve() {
            return reserve;
        }
    }

    private FastbootSplit() {
    }

    /** The pieces today's fastboot sends for a device with this {@code max-download-size}. */
    public static List<SparseImage> split(SparseImage image, long maxDownloadSize) {
        if (image.sparseLength() <= maxDownloadSize) {
            checkRoom(image, maxDownloadSize, Rule.CURRENT);
            return List.of(image);
        }
        return resparse(image, maxDownloadSize, Rule.CURRENT);
    }

    /**
     * libsparse's resparse as fastboot and {@code simg2simg} run it. They call it twice (once to
     * count the pieces, once to make them), and the runs the first call cut stay cut for the
     * second, which packs them again; so the pieces are those of packing the once-cut runs.
     * Unlike {@link #split}, this gives pieces even when the whole image would fit.
     */
    public static List<SparseImage> resparse(SparseImage image, long maxSize, Rule rule) {
        int bs = image.blockSize();
        checkRoom(image, maxSize, rule);
        Deque<SparseChunk> cut = new ArrayDeque<>();
        pack(backedRuns(image), maxSize - rule.reserve(), bs, rule).forEach(cut::addAll);
        List<SparseImage> pieces = new ArrayList<>();
        for (List<SparseChunk> piece : pack(cut, maxSize - rule.reserve(), bs, rule)) {
            pieces.add(new SparseImage(bs, image.totalBlocks(), withGaps(piece, image.totalBlocks()), image.dataFile()));
        }
        return pieces;
    }

    /** One resparse pass over {@code backed} (emptied): the runs of each piece, cutting runs where libsparse cuts them. */
    private static List<List<SparseChunk>> pack(Deque<SparseChunk> backed, long room, int bs, Rule rule) {
        List<List<SparseChunk>> pieces = new ArrayList<>();
        boolean more = true;
        while (more) {
            List<SparseChunk> piece = new ArrayList<>();
            long used = 0;
            long nextBlock = 0;
            more = false;
            while (!backed.isEmpty()) {
                SparseChunk run = backed.peekFirst();
                long size = run.sparseSize(bs);
                if (rule.countsGapHeaders && run.startBlock() > nextBlock) {
                    size += SparseChunk.HEADER_SIZE;
                }
                nextBlock = run.startBlock() + run.blocks();
                if (used + size > room) {
                    if (rule.countsGapHeaders) {
                        used += SparseChunk.HEADER_SIZE;
                    }
                    if (piece.isEmpty() || room - used > room / 8) {
                        // The cut is in whole blocks of the room left (today's rule has the cut run's header in
                        // the reserve; Android 10's took it from the room above). A run that fits whole then goes in whole, as libsparse's
                        // split leaves it uncut; a cut of no blocks (libsparse would write an empty chunk) is skipped.
                        long fitting = (room - used) / bs;
                        if (fitting >= run.blocks()) {
                            piece.add(backed.removeFirst());
                        } else if (fitting > 0) {
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
            pieces.add(piece);
        }
        return pieces;
    }

    private static void checkRoom(SparseImage image, long maxSize, Rule rule) {
        if (maxSize < rule.reserve() + 2 * SparseChunk.HEADER_SIZE + image.blockSize()) {
            throw new IllegalArgumentException("a piece of at most " + maxSize + " bytes cannot hold one " + image.blockSize() + "-byte block");
        }
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
