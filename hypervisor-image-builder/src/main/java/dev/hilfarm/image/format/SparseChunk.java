package dev.hilfarm.image.format;

/**
 * One chunk of an Android sparse image: a run of {@code blocks} output blocks starting at block
 * {@code startBlock} of the expanded image.
 */
public sealed interface SparseChunk {
    int HEADER_SIZE = 12;

    long startBlock();

    long blocks();

    /** The chunk's size in a sparse file, header included. */
    long sparseSize(int blockSize);

    /** The chunk type code in a sparse file. */
    int typeCode();

    /** How {@code hil image inspect} names the chunk. */
    String label();

    /** Blocks copied from {@code dataOffset} of the image's data file (the raw image, or the sparse file it was read from). */
    record Raw(long startBlock, long blocks, long dataOffset) implements SparseChunk {
        public long sparseSize(int blockSize) {
            return HEADER_SIZE + blocks * blockSize;
        }

        public int typeCode() {
            return SparseImage.CHUNK_RAW;
        }

        public String label() {
            return "RAW";
        }
    }

    /**
     * Blocks filled with a repeated 32-bit pattern; {@code pattern} holds the pattern's four bytes as they
     * appear in the image, read little-endian (as the sparse format stores it).
     */
    record Fill(long startBlock, long blocks, int pattern) implements SparseChunk {
        public long sparseSize(int blockSize) {
            return HEADER_SIZE + 4;
        }

        public int typeCode() {
            return SparseImage.CHUNK_FILL;
        }

        public String label() {
            return String.format("FILL 0x%08x", pattern);
        }
    }

    /** Blocks whose content does not matter: expanded as zeros, left alone when flashed. */
    record DontCare(long startBlock, long blocks) implements SparseChunk {
        public long sparseSize(int blockSize) {
            return HEADER_SIZE;
        }

        public int typeCode() {
            return SparseImage.CHUNK_DONT_CARE;
        }

        public String label() {
            return "DONT_CARE";
        }
    }
}
