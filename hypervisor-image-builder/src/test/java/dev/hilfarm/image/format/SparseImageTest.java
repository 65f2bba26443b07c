package dev.hilfarm.image.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SparseImageTest {
    private static final int BS = 4096;

    @TempDir
    Path dir;

    /** 512 blocks: data, zeros, a 0xdeadbeef pattern, data, a hole, data, zeros. */
    private Path rawImage() throws Exception {
        byte[] raw = new byte[512 * BS];
        Random random = new Random(42);
        fillRandom(raw, random, 0, 10);
        ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.BIG_ENDIAN);
        for (int at = 30 * BS; at < 40 * BS; at += 4) {
            b.putInt(at, 0xdeadbeef);
        }
        fillRandom(raw, random, 40, 60);
        fillRandom(raw, random, 100, 300);
        Path file = dir.resolve("raw.img");
        Files.write(file, raw);
        return file;
    }

    private static void fillRandom(byte[] raw, Random random, int fromBlock, int toBlock) {
        byte[] part = new byte[(toBlock - fromBlock) * BS];
        random.nextBytes(part);
        System.arraycopy(part, 0, raw, fromBlock * BS, part.length);
    }

    private static final List<SparseImage.Hole> HOLE = List.of(new SparseImage.Hole(60L * BS, 40L * BS));

    @Test
    void classifiesRawFillAndDontCareAndSimg2imgGivesBackTheRawImage() throws Exception {
        Path raw = rawImage();
        SparseImage sparse = SparseImage.fromRaw(raw, BS, HOLE);
        assertEquals(List.of(new SparseChunk.Raw(0, 10, 0), new SparseChunk.Fill(10, 20, 0), new SparseChunk.Fill(30, 10, 0xefbeadde),
                new SparseChunk.Raw(40, 20, 40L * BS), new SparseChunk.DontCare(60, 40), new SparseChunk.Raw(100, 200, 100L * BS),
                new SparseChunk.Fill(300, 212, 0)), sparse.chunks());
        Path file = dir.resolve("out.simg");
        sparse.write(file);
        assertEquals(sparse.sparseLength(), Files.size(file));

        Path expanded = dir.resolve("expanded.img");
        HostTool.ok("simg2img", file.toString(), expanded.toString());
        assertArrayEquals(Files.readAllBytes(raw), Files.readAllBytes(expanded));

        SparseImage back = SparseImage.read(file);
        assertEquals(sparse.totalBlocks(), back.totalBlocks());
        Path ours = dir.resolve("ours.img");
        back.expand(ours);
        assertArrayEquals(Files.readAllBytes(raw), Files.readAllBytes(ours));
        assertTrue(back.describe(20).contains("blocks 30-39: FILL 0xefbeadde"), back.describe(20));
    }

    @Test
    void withoutHolesItIsByteForByteWhatImg2simgWrites() throws Exception {
        Path raw = rawImage();
        Path theirs = dir.resolve("theirs.simg");
        HostTool.ok("img2simg", raw.toString(), theirs.toString(), String.valueOf(BS));
        Path ours = dir.resolve("ours.simg");
        SparseImage.fromRaw(raw, BS, List.of()).write(ours);
        assertArrayEquals(Files.readAllBytes(theirs), Files.readAllBytes(ours));
    }

    @Test
    void readsAndExpandsWhatImg2simgWrites() throws Exception {
        Path raw = rawImage();
        Path theirs = dir.resolve("theirs.simg");
        HostTool.ok("img2simg", raw.toString(), theirs.toString(), String.valueOf(BS));
        SparseImage image = SparseImage.read(theirs);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        image.expandTo(out);
        assertArrayEquals(Files.readAllBytes(raw), out.toByteArray());
    }

    @Test
    void aPartialLastBlockIsPaddedWithZerosAsImg2simgPadsIt() throws Exception {
        byte[] raw = new byte[BS * 3 + 100];
        new Random(1).nextBytes(raw);
        Arrays.fill(raw, BS * 3, raw.length, (byte) 0); // a zero tail: still RAW, as img2simg keeps it
        Path file = dir.resolve("odd.img");
        Files.write(file, raw);
        Path ours = dir.resolve("odd.simg");
        SparseImage.fromRaw(file, BS, List.of()).write(ours);
        Path theirs = dir.resolve("odd.theirs");
        HostTool.ok("img2simg", file.toString(), theirs.toString(), String.valueOf(BS));
        assertArrayEquals(Files.readAllBytes(theirs), Files.readAllBytes(ours));
        Path expanded = dir.resolve("odd.out");
        HostTool.ok("simg2img", ours.toString(), expanded.toString());
        byte[] back = Files.readAllBytes(expanded);
        assertEquals(BS * 4, back.length);
        assertArrayEquals(raw, Arrays.copyOf(back, raw.length));
    }

    @Test
    void splitsIntoTheSamePiecesAsDebiansLibsparseResparse() throws Exception {
        Path raw = rawImage();
        Path file = dir.resolve("whole.simg");
        SparseImage.fromRaw(raw, BS, HOLE).write(file);
        SparseImage whole = SparseImage.read(file);
        for (long max : new long[] {300_000, 123_457, 1_000_000, 100_000, 41_045, 41_022, 41_050, 45_679}) {
            HostTool.ok("simg2simg", file.toString(), dir.resolve("theirs").toString(), String.valueOf(max));
            List<SparseImage> pieces = FastbootSplit.resparse(whole, max, FastbootSplit.Rule.ANDROID_10);
            List<String> names = new ArrayList<>();
            for (int i = 0; i < pieces.size(); i++) {
                Path ours = dir.resolve("ours." + i);
                pieces.get(i).write(ours);
                Path theirs = dir.resolve("theirs." + i);
                assertArrayEquals(Files.readAllBytes(theirs), Files.readAllBytes(ours), "piece " + i + " of max " + max);
                names.add(ours.toString());
            }
            assertTrue(Files.notExists(dir.resolve("theirs." + pieces.size())), "simg2simg wrote more pieces");
            Path expanded = dir.resolve("pieces.img");
            names.add(0, "simg2img");
            names.add(expanded.toString());
            HostTool.ok(names.toArray(String[]::new));
            assertArrayEquals(Files.readAllBytes(raw), Files.readAllBytes(expanded));
            for (int i = 0; i < 100; i++) {
                Files.deleteIfExists(dir.resolve("theirs." + i));
            }
        }
        assertEquals(1, FastbootSplit.split(whole, whole.sparseLength()).size());
    }

    /** Today's fastboot reserves room for every header it adds, so no piece exceeds the limit; the pieces still add up to the image. */
    @Test
    void fastbootPiecesNeverExceedTheLimit() throws Exception {
        Path raw = rawImage();
        SparseImage whole = SparseImage.fromRaw(raw, BS, HOLE);
        for (long max = 4096 + 80 + 24; max < 300_000; max += 9_973) {
            List<SparseImage> pieces = FastbootSplit.split(whole, max);
            List<String> argv = new ArrayList<>(List.of("simg2img"));
            for (int i = 0; i < pieces.size(); i++) {
                Path piece = dir.resolve("piece." + i);
                pieces.get(i).write(piece);
                assertTrue(Files.size(piece) <= max, "piece " + i + " is " + Files.size(piece) + " bytes, over " + max);
                argv.add(piece.toString());
            }
            Path expanded = dir.resolve("expanded.img");
            argv.add(expanded.toString());
            HostTool.ok(argv.toArray(String[]::new));
            assertArrayEquals(Files.readAllBytes(raw), Files.readAllBytes(expanded), "max " + max);
        }
    }

    @Test
    void aTruncatedOrCorruptSparseFileNamesTheOffset() throws Exception {
        Path raw = rawImage();
        Path file = dir.resolve("t.simg");
        SparseImage.fromRaw(raw, BS, HOLE).write(file);
        byte[] bytes = Files.readAllBytes(file);
        Path cut = dir.resolve("cut.simg");
        Files.write(cut, Arrays.copyOf(bytes, 50_000));
        ImageFormatException e = assertThrows(ImageFormatException.class, () -> SparseImage.read(cut));
        assertEquals(50_000, e.offset());
        assertTrue(e.getMessage().startsWith(cut + ": byte offset 0xc350 (50000): file ends inside chunk 3"), e.getMessage());

        byte[] bad = bytes.clone();
        bad[28] = 0x77; // first chunk's type
        Path badFile = dir.resolve("bad.simg");
        Files.write(badFile, bad);
        assertEquals(28, assertThrows(ImageFormatException.class, () -> SparseImage.read(badFile)).offset());
    }
}
