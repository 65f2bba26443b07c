package dev.hilfarm.image.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hilfarm.board.fdt.DeviceTree;
import dev.hilfarm.board.fdt.DeviceTreeNode;
import dev.hilfarm.board.fdt.DeviceTreeProperty;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FitImageTest {
    @TempDir
    static Path keys;

    @TempDir
    Path dir;

    static RSAPrivateCrtKey privateKey;
    static RSAPublicKey publicKey;

    /** The key comes from openssl, as a developer's would, so that mkimage -k signs with the same one. */
    @BeforeAll
    static void key() throws Exception {
        HostTool.ok("openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", keys.resolve("dev.key").toString());
        HostTool.ok("openssl", "req", "-batch", "-new", "-x509", "-key", keys.resolve("dev.key").toString(), "-out",
                keys.resolve("dev.crt").toString(), "-subj", "/CN=dev");
        String pem = Files.readString(keys.resolve("dev.key")).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        KeyFactory rsa = KeyFactory.getInstance("RSA");
        privateKey = (RSAPrivateCrtKey) rsa.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
        publicKey = (RSAPublicKey) rsa.generatePublic(new RSAPublicKeySpec(privateKey.getModulus(), privateKey.getPublicExponent()));
    }

    private static byte[] bytes(int size, int seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static byte[] dtb() {
        DeviceTree t = DeviceTree.empty();
        t.root().setString("compatible", "ti,am335x-bone-black");
        t.createNode("/chosen").setString("bootargs", "console=ttyO0,115200n8");
        return t.toDtb();
    }

    private static FitImage fit() {
        Map<String, List<String>> linux = new LinkedHashMap<>();
        linux.put("kernel", List.of("kernel"));
        linux.put("fdt", List.of("fdt-1"));
        linux.put("ramdisk", List.of("ramdisk"));
        return new FitImage("hilfarm test FIT", 1_700_000_000,
                List.of(FitComponent.kernel("kernel", bytes(70_001, 1), 0x80008000L, List.of(FitHash.SHA256, FitHash.CRC32)),
                        FitComponent.deviceTree("fdt-1", dtb(), List.of(FitHash.SHA1)),
                        FitComponent.ramdisk("ramdisk", bytes(30_000, 2), List.of(FitHash.SHA256)),
                        FitComponent.firmware("firmware", bytes(5_000, 3), 0x402f0400L, List.of(FitHash.SHA256))),
                List.of(FitConfiguration.of("conf-1", "Linux", linux).signedWith("dev"),
                        FitConfiguration.of("conf-2", "bare firmware", Map.of("firmware", List.of("firmware")))),
                "conf-1");
    }

    private Path write(String name, byte[] blob) throws Exception {
        Path file = dir.resolve(name);
        Files.write(file, blob);
        return file;
    }

    @Test
    void mkimageListsOurFitAndDtcDecompilesIt() throws Exception {
        Path file = dir.resolve("ours.itb");
        fit().write(file, Map.of("dev", privateKey));
        String listing = HostTool.ok("mkimage", "-l", file.toString());
        assertTrue(listing.contains("FIT description: hilfarm test FIT"), listing);
        assertTrue(listing.contains("Image 3 (firmware)"), listing);
        assertTrue(listing.contains("Hash algo:    crc32"), listing);
        assertTrue(listing.contains("Hash value:   " + java.util.HexFormat.of().formatHex(FitHash.SHA1.of(dtb()))), listing);
        assertTrue(listing.contains("Sign algo:    sha256,rsa2048:dev"), listing);
        assertTrue(listing.contains("Default Configuration: 'conf-1'"), listing);
        // dtc round trip: dtc rewrites our blob byte for byte, so U-Boot's libfdt sees the layout dtc would make.
        Path again = dir.resolve("again.itb");
        HostTool.ok("dtc", "-I", "dtb", "-O", "dtb", "-o", again.toString(), file.toString());
        org.junit.jupiter.api.Assertions.assertArrayEquals(Files.readAllBytes(file), Files.readAllBytes(again));
        String dts = HostTool.ok("dtc", "-I", "dtb", "-O", "dts", file.toString());
        assertTrue(dts.contains("hashed-nodes = \"/\\0/configurations/conf-1\\0/images/kernel\\0/images/kernel/hash-1\\0/images/kernel/hash-2\\0/images/fdt-1"), dts);
    }

    @Test
    void readsBackItsParts() {
        FitImage fit = fit();
        FitImage back = FitImage.parse("ours.itb", fit.toBlob(Map.of("dev", privateKey)));
        assertEquals(fit.description(), back.description());
        assertEquals(fit.defaultConfiguration(), back.defaultConfiguration());
        assertEquals(fit.configurations(), back.configurations());
        assertEquals(fit.components().size(), back.components().size());
        for (int i = 0; i < fit.components().size(); i++) {
            FitComponent a = fit.components().get(i);
            FitComponent b = back.components().get(i);
            assertEquals(List.of(a.name(), a.type(), a.arch(), a.os(), a.compression(), a.loadAddress(), a.entryPoint(), a.hashes()),
                    List.of(b.name(), b.type(), b.arch(), b.os(), b.compression(), b.loadAddress(), b.entryPoint(), b.hashes()));
            org.junit.jupiter.api.Assertions.assertArrayEquals(a.data(), b.data());
        }
    }

    @Test
    void ourCheckerAcceptsOurSignatureAndNamesTheOffsetOfAFlippedByte() throws Exception {
        byte[] blob = fit().toBlob(Map.of("dev", privateKey));
        List<String> lines = FitCheck.check("ours.itb", blob, Map.of("dev", publicKey));
        assertTrue(lines.contains("    signature-1 sha256,rsa2048 key 'dev': OK (9 nodes)"), String.join("\n", lines));

        int kernelData = FdtRegions.valueOffsets(blob).get("/images/kernel:data");
        byte[] payloadFlipped = blob.clone();
        payloadFlipped[kernelData + 500] ^= 0x20;
        ImageFormatException hash = assertThrows(ImageFormatException.class, () -> FitCheck.check("x.itb", payloadFlipped, Map.of("dev", publicKey)));
        assertEquals(kernelData, hash.offset());
        assertTrue(hash.getMessage().contains("image kernel: sha256 of the payload is"), hash.getMessage());

        Map<String, Integer> offsets = FdtRegions.valueOffsets(blob);
        byte[] loadFlipped = blob.clone();
        loadFlipped[offsets.get("/images/kernel:load") + 3] ^= 1;
        ImageFormatException sig = assertThrows(ImageFormatException.class, () -> FitCheck.check("x.itb", loadFlipped, Map.of("dev", publicKey)));
        assertEquals((int) offsets.get("/configurations/conf-1/signature-1:value"), sig.offset());

        // The unsigned configuration's image is not covered: changing its hash-less properties breaks nothing signed.
        byte[] otherFlipped = blob.clone();
        otherFlipped[offsets.get("/images/firmware:load") + 3] ^= 1;
        FitCheck.check("x.itb", otherFlipped, Map.of("dev", publicKey));
    }

    /** mkimage signs the same images from an .its; our checker must accept its signature: the signed regions agree. */
    @Test
    void ourCheckerVerifiesWhatMkimageSigned() throws Exception {
        FitImage fit = fit();
        StringBuilder its = new StringBuilder("/dts-v1/;\n/ {\n description = \"mkimage twin\";\n #address-cells = <1>;\n images {\n");
        for (FitComponent c : fit.components()) {
            Files.write(dir.resolve(c.name() + ".bin"), c.data());
            its.append("  ").append(c.name()).append(" {\n   description = \"").append(c.description()).append("\";\n   data = /incbin/(\"")
                    .append(c.name()).append(".bin\");\n   type = \"").append(c.type().ubootName()).append("\";\n   arch = \"arm\";\n   os = \"")
                    .append(c.os().ubootName()).append("\";\n   compression = \"none\";\n");
            c.loadAddress().ifPresent(a -> its.append(String.format("   load = <0x%x>;%n", a)));
            c.entryPoint().ifPresent(a -> its.append(String.format("   entry = <0x%x>;%n", a)));
            int i = 1;
            for (FitHash h : c.hashes()) {
                its.append("   hash-").append(i++).append(" { algo = \"").append(h.ubootName()).append("\"; };\n");
            }
            its.append("  };\n");
        }
        its.append(" };\n configurations {\n  default = \"conf-1\";\n  conf-1 {\n   kernel = \"kernel\";\n   fdt = \"fdt-1\";\n   ramdisk = \"ramdisk\";\n"
                + "   signature-1 { algo = \"sha256,rsa2048\"; key-name-hint = \"dev\"; sign-images = \"kernel\", \"fdt\", \"ramdisk\"; };\n  };\n };\n};\n");
        Files.writeString(dir.resolve("twin.its"), its);
        Path control = write("control.dtb", DeviceTree.empty().toDtb(4096));
        Path itb = dir.resolve("twin.itb");
        HostTool.ok("mkimage", "-f", dir.resolve("twin.its").toString(), "-k", keys.toString(), "-K", control.toString(), "-r", itb.toString());

        byte[] theirs = Files.readAllBytes(itb);
        FitImage twin = FitImage.parse("twin.itb", theirs);
        assertEquals(Optional.of("dev"), twin.configuration("conf-1").orElseThrow().signingKeyName());
        assertEquals(List.of("ramdisk"), twin.configuration("conf-1").orElseThrow().images().get("ramdisk"));
        org.junit.jupiter.api.Assertions.assertArrayEquals(fit.components().get(2).data(), twin.components().get(2).data());
        List<String> lines = FitCheck.check("twin.itb", theirs, Map.of("dev", publicKey));
        assertTrue(lines.stream().anyMatch(l -> l.endsWith("key 'dev': OK (9 nodes)")), String.join("\n", lines));
        byte[] tampered = theirs.clone();
        int at = FdtRegions.valueOffsets(theirs).get("/images/ramdisk/hash-1:value");
        tampered[at] ^= 1;
        assertThrows(ImageFormatException.class, () -> FitCheck.check("twin.itb", tampered, Map.of("dev", publicKey)));

        // And the public key node mkimage -K wrote is the one we write.
        DeviceTreeNode theirKey = DeviceTree.read(control).node("/signature/key-dev").orElseThrow();
        DeviceTree ourControl = DeviceTree.empty();
        DeviceTreeNode ourKey = UbootRsaKey.addTo(ourControl, "dev", publicKey, Optional.of("conf"));
        assertEquals(properties(theirKey), properties(ourKey));
        assertEquals(publicKey, UbootRsaKey.from(theirKey));
    }

    private static Map<String, DeviceTreeProperty> properties(DeviceTreeNode node) {
        Map<String, DeviceTreeProperty> byName = new java.util.TreeMap<>();
        node.properties().forEach(p -> byName.put(p.name(), p));
        return byName;
    }

    /**
     * U-Boot's own checker, which Debian's u-boot-tools does not ship: built from the same Debian
     * source package as U-Boot's host tools (once per cache; {@code HIL_FIT_CHECK_SIGN} names another).
     */
    @Test
    void fitCheckSignAcceptsOursAndRejectsAFlippedPayloadByte() throws Exception {
        String tool = Optional.ofNullable(System.getenv("HIL_FIT_CHECK_SIGN")).orElseGet(() ->
                dev.hilfarm.image.uboot.UBootCache.atDefaultLocation().hostTools(2, line -> { })
                        .resolve("fit_check_sign").toString());
        byte[] blob = fit().toBlob(Map.of("dev", privateKey));
        DeviceTree control = DeviceTree.empty();
        UbootRsaKey.addTo(control, "dev", publicKey, Optional.of("conf"));
        Path ctl = write("ctl.dtb", control.toDtb());
        Path good = write("good.itb", blob);
        HostTool.ok(tool, "-f", good.toString(), "-k", ctl.toString());
        byte[] flipped = blob.clone();
        flipped[FdtRegions.valueOffsets(blob).get("/images/ramdisk:data") + 77] ^= 1;
        Path bad = write("bad.itb", flipped);
        dev.hilfarm.board.exec.HostCommand.Result rejected = HostTool.run(tool, "-f", bad.toString(), "-k", ctl.toString());
        assertNotEquals(0, rejected.exitStatus(), rejected.stdout());
        // A byte of a signed property (the kernel's load address): the configuration signature itself must fail.
        byte[] signedFlipped = blob.clone();
        signedFlipped[FdtRegions.valueOffsets(blob).get("/images/kernel:load") + 3] ^= 1;
        Path badSig = write("bad-sig.itb", signedFlipped);
        dev.hilfarm.board.exec.HostCommand.Result sigRejected = HostTool.run(tool, "-f", badSig.toString(), "-k", ctl.toString());
        assertNotEquals(0, sigRejected.exitStatus(), sigRejected.stdout());
    }
}
