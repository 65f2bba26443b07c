package dev.hilfarm.image.uboot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hilfarm.board.exec.HostCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The /signature key node hilfarm writes must be the one U-Boot's own mkimage -K writes: checked
 * property by property against mkimage (Debian's u-boot-tools) signing a FIT with a fresh key.
 */
class FitSigningKeyTest {

    private static final List<String> NUMBERS = List.of("rsa,num-bits", "rsa,n0-inverse", "rsa,exponent",
            "rsa,modulus", "rsa,r-squared");
    private static final List<String> STRINGS = List.of("key-name-hint", "algo", "required");

    @TempDir
    Path dir;

    @Test
    void theKeyNodeIsTheOneMkimageWrites() throws Exception {
        Path keys = Files.createDirectories(dir.resolve("keys"));
        run("openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048",
                "-out", keys.resolve("dev.key").toString());
        run("openssl", "req", "-batch", "-new", "-x509", "-days", "1", "-subj", "/CN=hilfarm test",
                "-key", keys.resolve("dev.key").toString(), "-out", keys.resolve("dev.crt").toString());
        Files.write(dir.resolve("data.bin"), new byte[] {1, 2, 3, 4});
        Files.writeString(dir.resolve("data.its"), """
                /dts-v1/;
                / {
                	description = "hilfarm key check";
                	#address-cells = <1>;
                	images {
                		firmware-1 {
                			data = /incbin/("data.bin");
                			type = "firmware";
                			arch = "arm";
                			compression = "none";
                			load = <0x60000000>;
                			hash-1 { algo = "sha256"; };
                		};
                	};
                	configurations {
                		default = "conf-1";
                		conf-1 {
                			firmware = "firmware-1";
                			signature-1 { algo = "sha256,rsa2048"; key-name-hint = "dev"; sign-images = "firmware"; };
                		};
                	};
                };
                """);
        Files.writeString(dir.resolve("empty.dts"), "/dts-v1/;\n/ { };\n");
        Path byMkimage = dir.resolve("mkimage.dtb");
        run("dtc", "-I", "dts", "-O", "dtb", "-p", "4096", "-o", byMkimage.toString(), dir.resolve("empty.dts").toString());
        run("mkimage", "-f", dir.resolve("data.its").toString(), "-k", keys.toString(), "-K", byMkimage.toString(), "-r",
                dir.resolve("signed.fit").toString());

        FitSigningKey key = FitSigningKey.parse("dev.crt", "dev", Files.readString(keys.resolve("dev.crt")), "conf");
        Files.writeString(dir.resolve("ours.dts"), "/dts-v1/;\n/ { };\n" + key.dtsi());
        Path ours = dir.resolve("ours.dtb");
        run("dtc", "-I", "dts", "-O", "dtb", "-o", ours.toString(), dir.resolve("ours.dts").toString());

        for (String property : NUMBERS) {
            assertEquals(fdtget(byMkimage, "x", property), fdtget(ours, "x", property), property);
        }
        for (String property : STRINGS) {
            assertEquals(fdtget(byMkimage, "s", property), fdtget(ours, "s", property), property);
        }
        assertEquals("2048\n", fdtget(ours, "i", "rsa,num-bits"));
        assertEquals("sha256,rsa2048", key.algorithm());

        // The public key alone (no certificate) gives the same node.
        String publicKey = run("openssl", "pkey", "-in", keys.resolve("dev.key").toString(), "-pubout");
        assertEquals(key.dtsi(), FitSigningKey.parse("dev.pem", "dev", publicKey, "conf").dtsi());
    }

    @Test
    void theCommittedTestKeyReads() throws Exception {
        String pem = new String(getClass().getResourceAsStream("/uboot/hilfarm-test.pem").readAllBytes());
        FitSigningKey key = FitSigningKey.parse("hilfarm-test.pem", "hilfarm-test", pem, "conf");

        assertEquals(2048, key.bits());
        assertTrue(key.dtsi().contains("\t\tkey-hilfarm-test {\n"), key.dtsi());
        assertTrue(key.dtsi().contains("\t\t\trsa,exponent = <0x00000000 0x00010001>;\n"), key.dtsi());
        assertEquals(64, key.sha256().length());
    }

    @Test
    void badInputSaysWhat() throws Exception {
        String pem = new String(getClass().getResourceAsStream("/uboot/hilfarm-test.pem").readAllBytes());
        assertEquals("k.pem: no PEM public key or certificate in it", assertThrows(IllegalArgumentException.class,
                () -> FitSigningKey.parse("k.pem", "k", "not a key", "conf")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> FitSigningKey.parse("k.pem", "../k", pem, "conf")).getMessage().contains("not a usable key name"));
        assertEquals("a required key applies to \"conf\" or \"image\", not \"all\"", assertThrows(
                IllegalArgumentException.class, () -> FitSigningKey.parse("k.pem", "k", pem, "all")).getMessage());
    }

    private String fdtget(Path dtb, String type, String property) {
        return run("fdtget", "-t", type, dtb.toString(), "/signature/key-dev", property);
    }

    private String run(String... argv) {
        HostCommand.Result result = HostCommand.of(argv).in(dir).runChecked();
        return result.stdout();
    }
}
