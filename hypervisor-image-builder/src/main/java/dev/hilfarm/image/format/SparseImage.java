package dev.hilfarm.image.format;

import dev.hilfarm.board.sparse.SparseDecoder;
import dev.hilfarm.board.sparse.SparseFormatException;

import dev.hilfarm.image.AtomicFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * An Android sparse image (the format {@code img2simg} writes and fastboot flashes): a 28-byte
 * little-endian header and chunks that say, block by block, what the expanded image holds.
 * The chunks here cover every block in order, DONT_CARE runs included, so {@link #write} emits
 * them as they are. Raw chunks point into {@code dataFile} rather than holding the bytes, so
 * images larger than memory convert and split without being loaded.
 */
public record SparseImage(int blockSize, long totalBlocks, List<SparseChunk> chunks, Path dataFile) {
    public static final int MAGIC = SparseDecoder.MAGIC;
    public static final int HEADER_SIZE = 28;
    public static final int DEFAULT_BLOCK_SIZE = 4096;
    static final int CHUNK_RAW = SparseDecoder.CHUNK_RAW;
    static final int CHUNK_FILL = SparseDecoder.CHUNK_FILL;
    static final int CHUNK_DONT_CARE = SparseDecoder.CHUNK_DONT_CARE;
    static final int CHUNK_CRC32 = SparseDecoder.CHUNK_CRC32;
    /** Blocks read per pass over a raw image when classifying it. */
    private static final int READ_BLOCKS = 256;

    /** A byte range of a raw image whose content does not matter (a hole the caller knows of). */
    public record Hole(long offset, long length) {
    }

    public SparseImage {
        chunks = List.copyOf(chunks);
    }

    /** The expanded image's length in bytes. */
    public long expandedLength() {
        return totalBlocks * blockSize;
    }

    /** The sparse file's length in bytes. */
    public long sparseLength() {
        long length = HEADER_SIZE;
        for (SparseChunk c : chunks) {
            length += c.sparseSize(blockSize);
        }
        return length;
    }

    /**
     * Classifies a raw image block by block: DONT_CARE for blocks wholly inside one of
     * {@code holes}, FILL for a block that is one 32-bit pattern repeated (zeros included), RAW
     * otherwise; neighbouring blocks of the same kind (and pattern) become one chunk. A partial
     * last block is RAW, padded with zeros, as img2simg writes it; without holes the sparse file
     * is byte for byte img2simg's.
     */
    public static SparseImage fromRaw(Path raw, int blockSize, List<Hole> holes) throws IOException {
        if (blockSize <= 0 || blockSize % 4 != 0) {
            throw new IllegalArgumentException("the block size must be a positive multiple of 4, not " + blockSize);
        }
        List<SparseChunk> chunks = new ArrayList<>();
        try (FileChannel in = FileChannel.open(raw, StandardOpenOption.READ)) {
            long size = in.size();
            long totalBlocks = (size + blockSize - 1) / blockSize;
            ByteBuffer buffer = ByteBuffer.allocateDirect(blockSize * READ_BLOCKS).order(ByteOrder.LITTLE_ENDIAN);
            ChunkRun run = new ChunkRun(chunks, blockSize);
            long block = 0;
            while (block < totalBlocks) {
                buffer.clear();
                long position = block * blockSize;
                while (buffer.hasRemaining()) {
                    int n = in.read(buffer, position + buffer.position());
                    if (n < 0) {
                        break;
                    }
                }
                int filled = buffer.position();
                while (buffer.position() % blockSize != 0) {
                    buffer.put((byte) 0);
                }
                int blocksRead = (filled + blockSize - 1) / blockSize;
                for (int i = 0; i < blocksRead; i++, block++) {
                    boolean partial = (long) (block + 1) * blockSize > size;
                    if (inHole(holes, block, blockSize)) {
                        run.add(CHUNK_DONT_CARE, block, 0);
                    } else {
                        // img2simg keeps a partial last block RAW (padded), whatever its bytes.
                        Integer pattern = partial ? null : fillPattern(buffer, i * blockSize, blockSize);
                        if (pattern != null) {
                            run.add(CHUNK_FILL, block, pattern);
                        } else {
                            run.add(CHUNK_RAW, block, 0);
                        }
                    }
                }
                if (blocksRead == 0) {
                    break;
                }
            }
            run.close();
            return new SparseImage(blockSize, totalBlocks, chunks, raw);
        }
    }

    private static boolean inHole(List<Hole> holes, long block, int blockSize) {
        long start = block * blockSize;
        for (Hole h : holes) {
            if (start >= h.offset() && start + blockSize <= h.offset() + h.length()) {
                return true;
            }
        }
        return false;
    }

    /** The block's pattern if it is one 32-bit value repeated, else null. Compares 64 bits at a time. */
    private static Integer fillPattern(ByteBuffer buffer, int offset, int blockSize) {
        long both = buffer.getLong(offset);
        int first = (int) both;
        if ((int) (both >>> 32) != first) {
            return null;
        }
        for (int at = offset + 8, end = offset + blockSize; at < end; at += 8) {
            if (buffer.getLong(at) != both) {
                return null;
            }
        }
        return first;
    }

    /** Collects blocks into chunks, joining a block to the run before it when kind and pattern agree. */
    private static final class ChunkRun {
        private final List<SparseChunk> out;
        private final int blockSize;
        private int kind = -1;
        private long start;
        private long count;
        private int pattern;

        ChunkRun(List<SparseChunk> out, int blockSize) {
            this.out = out;
            this.blockSize = blockSize;
        }

        void add(int blockKind, long block, int blockPattern) {
            if (kind == blockKind && (kind != CHUNK_FILL || pattern == blockPattern)) {
                count++;
                return;
            }
            close();
            kind = blockKind;
            start = block;
            count = 1;
            pattern = blockPattern;
        }

        void close() {
            if (count == 0) {
                return;
            }
            out.add(switch (kind) {
                case CHUNK_RAW -> new SparseChunk.Raw(start, count, start * blockSize);
                case CHUNK_FILL -> new SparseChunk.Fill(start, count, pattern);
                default -> new SparseChunk.DontCare(start, count);
            });
            count = 0;
        }
    }

    /** Reads a sparse file's header and chunk headers, checking that they add up; the raw data stays in the file. */
    public static SparseImage read(Path file) throws IOException {
        List<SparseChunk> chunks = new ArrayList<>();
        SparseDecoder.Header header;
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            header = SparseDecoder.decode(in, new SparseDecoder.Visitor() {
                @Override
                public void header(SparseDecoder.Header h) {
                }

                @Override
                public void raw(long startBlock, long blocks, long dataOffset) {
                    chunks.add(new SparseChunk.Raw(startBlock, blocks, dataOffset));
                }

                @Override
                public void fill(long startBlock, long blocks, int pattern) {
                    chunks.add(new SparseChunk.Fill(startBlock, blocks, pattern));
                }

                @Override
                public void dontCare(long startBlock, long blocks) {
                    chunks.add(new SparseChunk.DontCare(startBlock, blocks));
                }
            });
        } catch (SparseFormatException e) {
            throw new ImageFormatException(file.toString(), e.offset(), e.getMessage());
        }
        return new SparseImage(header.blockSize(), header.totalBlocks(), chunks, file);
    }

    /** Writes the sparse file atomically; raw data goes file to file in the kernel where it can. */
    public void write(Path target) throws IOException {
        AtomicFiles.writeChannel(target, channel -> {
            channel.truncate(0);
            writeTo((WritableByteChannel) channel);
        });
    }

    /** The sparse file: header, then every chunk with its data (fastboot streams this over USB). */
    public void writeTo(OutputStream out) throws IOException {
        writeTo(Channels.newChannel(out));
    }

    private void writeTo(WritableByteChannel out) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(HEADER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        header.putInt(MAGIC).putShort((short) 1).putShort((short) 0).putShort((short) HEADER_SIZE).putShort((short) SparseChunk.HEADER_SIZE)
                .putInt(blockSize).putInt((int) totalBlocks).putInt(chunks.size()).putInt(0);
        writeFully(out, header.flip());
        try (FileChannel data = chunks.stream().anyMatch(c -> c instanceof SparseChunk.Raw) ? FileChannel.open(dataFile) : null) {
            ByteBuffer chunkHeader = ByteBuffer.allocate(SparseChunk.HEADER_SIZE + 4).order(ByteOrder.LITTLE_ENDIAN);
            ByteBuffer copyBuffer = ByteBuffer.allocateDirect(1 << 20);
            for (SparseChunk c : chunks) {
                chunkHeader.clear();
                chunkHeader.putShort((short) c.typeCode()).putShort((short) 0).putInt((int) c.blocks()).putInt((int) c.sparseSize(blockSize));
                if (c instanceof SparseChunk.Fill f) {
                    chunkHeader.putInt(f.pattern());
                }
                writeFully(out, chunkHeader.flip());
                if (c instanceof SparseChunk.Raw r) {
                    copy(data, r.dataOffset(), r.blocks() * blockSize, out, copyBuffer);
                }
            }
        }
    }

    private static void writeFully(WritableByteChannel out, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            out.write(b);
        }
    }

    /** Writes the expanded raw image atomically (what {@code simg2img} gives). */
    public void expand(Path target) throws IOException {
        AtomicFiles.write(target, this::expandTo);
    }

    public void expandTo(OutputStream out) throws IOException {
        WritableByteChannel sink = Channels.newChannel(out);
        ByteBuffer copyBuffer = ByteBuffer.allocate(1 << 20);
        try (FileChannel data = chunks.stream().anyMatch(c -> c instanceof SparseChunk.Raw) ? FileChannel.open(dataFile) : null) {
            byte[] block = new byte[blockSize];
            for (SparseChunk c : chunks) {
                if (c instanceof SparseChunk.Raw r) {
                    copy(data, r.dataOffset(), r.blocks() * blockSize, sink, copyBuffer);
                } else if (c instanceof SparseChunk.Fill f) {
                    ByteBuffer b = ByteBuffer.wrap(block).order(ByteOrder.LITTLE_ENDIAN);
                    while (b.hasRemaining()) {
                        b.putInt(f.pattern());
                    }
                    repeat(block, f.blocks(), out);
                } else {
                    java.util.Arrays.fill(block, (byte) 0);
                    repeat(block, c.blocks(), out);
                }
            }
        }
    }

    private static void repeat(byte[] block, long times, OutputStream out) throws IOException {
        for (long i = 0; i < times; i++) {
            out.write(block);
        }
    }

    /**
     * Copies {@code length} bytes from {@code at}: file to file with transferTo (no copy through the
     * JVM), otherwise through {@code buffer}. What lies past the end of the file is written as
     * zeros (a padded last block).
     */
    private static void copy(FileChannel data, long at, long length, WritableByteChannel out, ByteBuffer buffer) throws IOException {
        long done = 0;
        if (out instanceof FileChannel) {
            long available = Math.max(0, Math.min(length, data.size() - at));
            while (done < available) {
                long n = data.transferTo(at + done, available - done, out);
                if (n <= 0) {
                    break;
                }
                done += n;
            }
        }
        while (done < length) {
            buffer.clear().limit((int) Math.min(buffer.capacity(), length - done));
            int n = data.read(buffer, at + done);
            if (n <= 0) {
                buffer.clear().limit((int) Math.min(buffer.capacity(), length - done));
                while (buffer.hasRemaining()) {
                    buffer.put((byte) 0);
                }
                n = buffer.limit();
            }
            buffer.flip();
            writeFully(out, buffer);
            done += n;
        }
    }

    /** What {@code hil image inspect} prints: the header and one line per chunk (at most {@code maxChunkLines}). */
    public String describe(int maxChunkLines) {
        StringBuilder b = new StringBuilder(String.format("Android sparse image: block size %d, %d blocks (%d bytes expanded), %d chunks, %d bytes sparse%n",
                blockSize, totalBlocks, expandedLength(), chunks.size(), sparseLength()));
        int shown = 0;
        for (SparseChunk c : chunks) {
            if (shown++ == maxChunkLines) {
                b.append(String.format("  ... %d more chunks%n", chunks.size() - maxChunkLines));
                break;
            }
            b.append(String.format("  blocks %d-%d: %s%n", c.startBlock(), c.startBlock() + c.blocks() - 1, c.label()));
        }
        return b.toString().stripTrailing();
    }

    /** Whether a file starts with the sparse magic. */
    public static boolean hasMagic(byte[] head) {
        return head.length >= 4 && ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN).getInt(0) == MAGIC;
    }
}
