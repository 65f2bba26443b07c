package dev.hilfarm.board.sparse;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SeekableByteChannel;

/**
 * Reads the structure of an Android sparse image (format 1.0: RAW, FILL, DONT_CARE and CRC32
 * chunks) from a channel, checking that the headers add up, and hands each chunk to a
 * {@link Visitor} with where its data is. The one parser of the format in hilfarm: the image
 * builder reads files with it, fastboot device models expand downloads with it.
 */
public final class SparseDecoder {
    public static final int MAGIC = 0xed26ff3a;
    public static final int HEADER_SIZE = 28;
    public static final int CHUNK_HEADER_SIZE = 12;
    public static final int CHUNK_RAW = 0xcac1;
    public static final int CHUNK_FILL = 0xcac2;
    public static final int CHUNK_DONT_CARE = 0xcac3;
    public static final int CHUNK_CRC32 = 0xcac4;

    /** What the header says about the expanded image. */
    public record Header(int blockSize, long totalBlocks, long totalChunks) {
        public long expandedLength() {
            return totalBlocks * blockSize;
        }
    }

    /** Receives the chunks in order; block numbers are of the expanded image. */
    public interface Visitor {
        void header(Header header) throws IOException;

        /** {@code blocks} blocks whose bytes are at {@code dataOffset} of the channel. */
        void raw(long startBlock, long blocks, long dataOffset) throws IOException;

        /** {@code blocks} blocks of a 32-bit pattern, as read little-endian from the chunk. */
        void fill(long startBlock, long blocks, int pattern) throws IOException;

        void dontCare(long startBlock, long blocks) throws IOException;
    }

    private SparseDecoder() {
    }

    /** Whether {@code head} starts with the sparse magic. */
    public static boolean hasMagic(byte[] head) {
        return head.length >= 4 && ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN).getInt(0) == MAGIC;
    }

    /** As {@link #decode(SeekableByteChannel, Visitor)}, for an image held in memory (a fastboot download). */
    public static Header decode(byte[] image, Visitor visitor) throws IOException {
        return decode(new InMemory(image), visitor);
    }

    /** Walks the image in {@code in}, calling {@code visitor} per chunk; a malformed image throws with the offset. */
    public static Header decode(SeekableByteChannel in, Visitor visitor) throws IOException {
        long size = in.size();
        ByteBuffer header = read(in, 0, HEADER_SIZE, size, "sparse header");
        if (header.getInt(0) != MAGIC) {
            throw new SparseFormatException(0, String.format("not an Android sparse image: magic 0x%08x", header.getInt(0)));
        }
        int major = header.getShort(4) & 0xffff;
        if (major != 1) {
            throw new SparseFormatException(4, "sparse format major version " + major + ", only 1 is known");
        }
        int fileHeaderSize = header.getShort(8) & 0xffff;
        int chunkHeaderSize = header.getShort(10) & 0xffff;
        if (fileHeaderSize < HEADER_SIZE) {
            throw new SparseFormatException(8, "file header size " + fileHeaderSize + " is below 28");
        }
        if (chunkHeaderSize < CHUNK_HEADER_SIZE) {
            throw new SparseFormatException(10, "chunk header size " + chunkHeaderSize + " is below 12");
        }
        int blockSize = header.getInt(12);
        if (blockSize <= 0 || blockSize % 4 != 0) {
            throw new SparseFormatException(12, "block size " + blockSize + " is not a positive multiple of 4");
        }
        Header parsed = new Header(blockSize, header.getInt(16) & 0xffffffffL, header.getInt(20) & 0xffffffffL);
        visitor.header(parsed);
        long at = fileHeaderSize;
        long block = 0;
        for (long i = 0; i < parsed.totalChunks(); i++) {
            ByteBuffer ch = read(in, at, CHUNK_HEADER_SIZE, size, "header of chunk " + i);
            int type = ch.getShort(0) & 0xffff;
            long blocks = ch.getInt(4) & 0xffffffffL;
            long totalSize = ch.getInt(8) & 0xffffffffL;
            long body = totalSize - chunkHeaderSize;
            long expectedBody = switch (type) {
                case CHUNK_RAW -> blocks * blockSize;
                case CHUNK_FILL, CHUNK_CRC32 -> 4;
                case CHUNK_DONT_CARE -> 0;
                default -> throw new SparseFormatException(at, String.format("chunk %d has unknown type 0x%04x", i, type));
            };
            if (body != expectedBody) {
                throw new SparseFormatException(at + 8, String.format("chunk %d (type 0x%04x, %d blocks) says it is %d bytes long,"
                        + " it must be %d", i, type, blocks, totalSize, chunkHeaderSize + expectedBody));
            }
            long dataAt = at + chunkHeaderSize;
            if (dataAt + body > size) {
                throw new SparseFormatException(size, "file ends inside chunk " + i + ", which runs to byte " + (dataAt + body));
            }
            if (type != CHUNK_CRC32 && block + blocks > parsed.totalBlocks()) {
                throw new SparseFormatException(at + 4, "chunk " + i + " runs to block " + (block + blocks) + ", past the "
                        + parsed.totalBlocks() + " blocks the header announces");
            }
            switch (type) {
                case CHUNK_RAW -> visitor.raw(block, blocks, dataAt);
                case CHUNK_FILL -> visitor.fill(block, blocks, read(in, dataAt, 4, size, "fill value").getInt(0));
                case CHUNK_DONT_CARE -> visitor.dontCare(block, blocks);
                default -> {
                    // CRC32 chunks check what came before; expanding does not need them.
                }
            }
            if (type != CHUNK_CRC32) {
                block += blocks;
            }
            at = dataAt + body;
        }
        if (block != parsed.totalBlocks()) {
            throw new SparseFormatException(at, "the chunks cover " + block + " blocks, the header announces " + parsed.totalBlocks());
        }
        return parsed;
    }

    /** A read-only channel over a byte array. */
    private static final class InMemory implements SeekableByteChannel {
        private final byte[] bytes;
        private long position;

        InMemory(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        public int read(ByteBuffer dst) {
            if (position >= bytes.length) {
                return -1;
            }
            int n = (int) Math.min(dst.remaining(), bytes.length - position);
            dst.put(bytes, (int) position, n);
            position += n;
            return n;
        }

        @Override
        public int write(ByteBuffer src) {
            throw new java.nio.channels.NonWritableChannelException();
        }

        @Override
        public long position() {
            return position;
        }

        @Override
        public SeekableByteChannel position(long newPosition) {
            position = newPosition;
            return this;
        }

        @Override
        public long size() {
            return bytes.length;
        }

        @Override
        public SeekableByteChannel truncate(long size) {
            throw new java.nio.channels.NonWritableChannelException();
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
        }
    }

    private static ByteBuffer read(SeekableByteChannel in, long at, int length, long size, String what) throws IOException {
        if (at + length > size) {
            throw new SparseFormatException(size, "file ends inside the " + what + " (" + length + " bytes at byte " + at + ")");
        }
        ByteBuffer b = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        in.position(at);
        while (b.hasRemaining()) {
            if (in.read(b) < 0) {
                throw new SparseFormatException(at + b.position(), "file ends inside the " + what);
            }
        }
        return b.flip();
    }
}
