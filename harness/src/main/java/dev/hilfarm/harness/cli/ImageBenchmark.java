package dev.hilfarm.harness.cli;

import dev.hilfarm.board.exec.HostCommand;
import dev.hilfarm.board.fdt.DeviceTree;
import dev.hilfarm.image.format.FitComponent;
import dev.hilfarm.image.format.FitConfiguration;
import dev.hilfarm.image.format.FitHash;
import dev.hilfarm.image.format.FitImage;
import dev.hilfarm.image.format.SparseImage;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * {@code hil bench image}: hilfarm's sparse conversion against {@code img2simg} and its FIT
 * packaging against {@code mkimage}, on the same inputs in one run. Each side runs
 * {@code runs} times (hilfarm once more first, to let the JIT compile it); the medians and the
 * ratio hilfarm / tool are printed. The outputs are compared too: the sparse images must be
 * byte-identical, and the FITs must both hold signatures of the same images.
 */
final class ImageBenchmark {
    private static final int BLOCK = 4096;

    private ImageBenchmark() {
    }

    static int run(Path work, int sizeMib, int runs, PrintStream out) throws Exception {
        Files.createDirectories(work);
        Path raw = work.resolve("raw.img");
        writeRawImage(raw, sizeMib);

        Path ours = work.resolve("ours.simg");
        Path theirs = work.resolve("theirs.simg");
        double oursSparse = median(runs, true, () -> SparseImage.fromRaw(raw, BLOCK, List.of()).write(ours));
        double theirSparse = median(runs, false, () -> tool("img2simg", raw.toString(), theirs.toString(), String.valueOf(BLOCK)));
        boolean identical = java.util.Arrays.equals(Files.readAllBytes(ours), Files.readAllBytes(theirs));
        out.printf("sparse conversion of a %d MiB image (%d chunks): hilfarm %.3f s, img2simg %.3f s: hilfarm/img2simg = %.2fx; output %s%n",
                sizeMib, SparseImage.read(ours).chunks().size(), oursSparse, theirSparse, oursSparse / theirSparse,
                identical ? "byte-identical" : "DIFFERENT");

        Random random = new Random(1);
        byte[] kernel = new byte[8 << 20];
        byte[] ramdisk = new byte[16 << 20];
        random.nextBytes(kernel);
        random.nextBytes(ramdisk);
        DeviceTree dt = DeviceTree.empty();
        dt.root().setString("compatible", "ti,am335x-bone-black");
        byte[] dtb = dt.toDtb();
        Files.write(work.resolve("kernel.bin"), kernel);
        Files.write(work.resolve("ramdisk.bin"), ramdisk);
        Files.write(work.resolve("fdt.bin"), dtb);
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        RSAPrivateKey key = (RSAPrivateKey) generator.generateKeyPair().getPrivate();
        Path keys = work.resolve("keys");
        Files.createDirectories(keys);
        Files.writeString(keys.resolve("dev.key"), "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(key.getEncoded()) + "\n-----END PRIVATE KEY-----\n");
        Files.writeString(work.resolve("fit.its"), """
                /dts-v1/;
                / {
                  description = "bench";
                  #address-cells = <1>;
                  images {
                    kernel { data = /incbin/("kernel.bin"); type = "kernel"; arch = "arm"; os = "linux"; compression = "none";
                             load = <0x80008000>; entry = <0x80008000>; hash-1 { algo = "sha256"; }; };
                    fdt-1 { data = /incbin/("fdt.bin"); type = "flat_dt"; arch = "arm"; os = "linux"; compression = "none"; hash-1 { algo = "sha256"; }; };
                    ramdisk { data = /incbin/("ramdisk.bin"); type = "ramdisk"; arch = "arm"; os = "linux"; compression = "none"; hash-1 { algo = "sha256"; }; };
                  };
                  configurations {
                    default = "conf-1";
                    conf-1 { kernel = "kernel"; fdt = "fdt-1"; ramdisk = "ramdisk";
                             signature-1 { algo = "sha256,rsa2048"; key-name-hint = "dev"; sign-images = "kernel", "fdt", "ramdisk"; }; };
                  };
                };
                """);
        Path ourFit = work.resolve("ours.itb");
        Path theirFit = work.resolve("theirs.itb");
        double oursFit = median(runs, true, () -> {
            // Reads its inputs from disk as mkimage does.
            Map<String, List<String>> roles = new LinkedHashMap<>();
            roles.put("kernel", List.of("kernel"));
            roles.put("fdt", List.of("fdt-1"));
            roles.put("ramdisk", List.of("ramdisk"));
            FitImage fit = new FitImage("bench", 0, List.of(
                    FitComponent.kernel("kernel", Files.readAllBytes(work.resolve("kernel.bin")), 0x80008000L, List.of(FitHash.SHA256)),
                    FitComponent.deviceTree("fdt-1", Files.readAllBytes(work.resolve("fdt.bin")), List.of(FitHash.SHA256)),
                    FitComponent.ramdisk("ramdisk", Files.readAllBytes(work.resolve("ramdisk.bin")), List.of(FitHash.SHA256))),
                    List.of(FitConfiguration.of("conf-1", "bench", roles).signedWith("dev")), "conf-1");
            fit.write(ourFit, Map.of("dev", key));
        });
        double theirFitSeconds = median(runs, false, () -> tool("mkimage", "-f", work.resolve("fit.its").toString(), "-k", keys.toString(),
                theirFit.toString()));
        out.printf("FIT packaging (kernel 8 MiB, ramdisk 16 MiB, dtb; sha256 hashes; RSA-2048 signed): hilfarm %.3f s, mkimage %.3f s:"
                + " hilfarm/mkimage = %.2fx (%d and %d bytes)%n", oursFit, theirFitSeconds, oursFit / theirFitSeconds,
                Files.size(ourFit), Files.size(theirFit));
        return identical ? 0 : 1;
    }

    /** A file-system-like image: 64 KiB stretches of random data (30%), zeros (60%) and a repeated word (10%). */
    private static void writeRawImage(Path raw, int sizeMib) throws IOException {
        Random random = new Random(42);
        byte[] stretch = new byte[64 << 10];
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(raw), 1 << 20)) {
            for (long i = 0; i < (long) sizeMib * 16; i++) {
                int kind = random.nextInt(10);
                if (kind < 3) {
                    random.nextBytes(stretch);
                } else if (kind < 9) {
                    java.util.Arrays.fill(stretch, (byte) 0);
                } else {
                    ByteBuffer b = ByteBuffer.wrap(stretch);
                    while (b.hasRemaining()) {
                        b.putInt(0xdeadbeef);
                    }
                }
                out.write(stretch);
            }
        }
    }

    private interface Step {
        void run() throws Exception;
    }

    private static double median(int runs, boolean warmUp, Step step) throws Exception {
        if (warmUp) {
            step.run();
        }
        List<Double> seconds = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            step.run();
            seconds.add((System.nanoTime() - t0) / 1e9);
        }
        Collections.sort(seconds);
        return seconds.get(seconds.size() / 2);
    }

    private static void tool(String... argv) {
        java.util.Map<String, String> env = new java.util.HashMap<>(System.getenv());
        env.put("SOURCE_DATE_EPOCH", "0");
        HostCommand.of(argv).environment(env).timeout(Duration.ofMinutes(10)).runChecked();
    }
}
