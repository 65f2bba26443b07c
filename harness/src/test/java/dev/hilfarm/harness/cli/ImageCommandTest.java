package dev.hilfarm.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hilfarm.image.format.SparseImage;
import dev.hilfarm.image.format.UImage;
import dev.hilfarm.image.format.disk.DiskImage;
import dev.hilfarm.image.format.disk.FatFile;
import dev.hilfarm.image.format.disk.Partition;
import dev.hilfarm.image.format.disk.PartitionContent;
import dev.hilfarm.image.format.disk.PartitionTable;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageCommandTest {
    @TempDir
    Path dir;

    private record Run(int status, String out, String err) {
    }

    private static Run hil(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int status = Hil.execute(args);
            return new Run(status, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void inspectsEachFormatAndNamesTheOffsetOfATruncation() throws Exception {
        byte[] uimage = UImage.armLinuxKernel("demo", 0x80008000L, 0, new byte[10_000]).toBytes();
        Path good = dir.resolve("k.uimg");
        Files.write(good, uimage);
        Run ok = hil("image", "inspect", good.toString());
        assertEquals(0, ok.status(), ok.err());
        assertTrue(ok.out().startsWith("legacy uImage \"demo\": arm linux kernel"), ok.out());

        Path cut = dir.resolve("cut.uimg");
        Files.write(cut, Arrays.copyOf(uimage, 5000));
        Run bad = hil("image", "inspect", cut.toString());
        assertEquals(2, bad.status());
        assertEquals("hil: " + cut + ": byte offset 0x1388 (5000): file ends 5064 bytes before the end of the 10000-byte payload the header announces\n",
                bad.err());

        Path fitCut = dir.resolve("cut.itb");
        byte[] fit = new dev.hilfarm.image.format.FitImage("f", 0, List.of(dev.hilfarm.image.format.FitComponent.ramdisk("rd", new byte[4000],
                List.of(dev.hilfarm.image.format.FitHash.CRC32))), List.of(), "none").toBlob(java.util.Map.of());
        Files.write(fitCut, Arrays.copyOf(fit, 1000));
        Run truncatedFit = hil("image", "inspect", fitCut.toString());
        assertEquals(2, truncatedFit.status());
        assertTrue(truncatedFit.err().startsWith("hil: " + fitCut + ": byte offset 0x4 (4): totalsize"), truncatedFit.err());
        assertEquals(1, truncatedFit.err().lines().count());

        Path raw = dir.resolve("raw.img");
        Files.write(raw, new byte[8192 * 4]);
        Path sparse = dir.resolve("raw.simg");
        SparseImage.fromRaw(raw, 4096, List.of()).write(sparse);
        assertTrue(hil("image", "inspect", sparse.toString()).out().contains("blocks 0-7: FILL 0x00000000"));

        Path disk = dir.resolve("sd.img");
        DiskImage.write(disk, PartitionTable.MBR, 32 << 20, List.of(new Partition("boot", 8 << 20, true,
                new PartitionContent.Fat(Optional.empty(), "BOOT", List.of(new FatFile("MLO", new byte[100]))))), "t");
        Run card = hil("image", "inspect", disk.toString());
        assertTrue(card.out().contains("MBR partition table") && card.out().contains("FAT16 \"BOOT\"") && card.out().contains("MLO"), card.out());
    }
}
