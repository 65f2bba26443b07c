package dev.hilfarm.image.uboot;

import dev.hilfarm.image.Sha256;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The RSA public key U-Boot checks FIT signatures against, put into U-Boot's control device tree
 * at build time: a {@code /signature/key-NAME} node with the same properties mkimage -K writes
 * (U-Boot 2023.01 has no fdt_add_pubkey, and mkimage would need the private key). It is compiled
 * in through CONFIG_DEVICE_TREE_INCLUDES, so it works whether the dtb is linked into U-Boot
 * (OF_EMBED, vexpress) or appended to it (OF_SEPARATE, the real boards).
 *
 * @param name     the key name hint: mkimage's -k directory holds NAME.key and NAME.crt, and a FIT's
 *                 signature node names it in key-name-hint
 * @param required "conf" or "image": what U-Boot refuses to boot unless this key verified it
 */
public record FitSigningKey(String name, RSAPublicKey key, String required) {

    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN (PUBLIC KEY|CERTIFICATE)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");

    public FitSigningKey {
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9_.-]*")) {
            throw new IllegalArgumentException("'" + name + "' is not a usable key name (letters, digits, '_', '.', '-')");
        }
        if (!required.equals("conf") && !required.equals("image")) {
            throw new IllegalArgumentException("a required key applies to \"conf\" or \"image\", not \"" + required + "\"");
        }
        int bits = key.getModulus().bitLength();
        if (bits % 32 != 0 || bits < 1024) {
            throw new IllegalArgumentException("U-Boot verifies RSA keys of 1024 bits or more in whole 32-bit words; "
                    + "this key has " + bits + " bits");
        }
    }

    /** Reads a PEM public key or X.509 certificate (what mkimage's NAME.crt is); {@code source} names it in errors. */
    public static FitSigningKey parse(String source, String name, String pem, String required) {
        Matcher m = PEM.matcher(pem);
        if (!m.find()) {
            throw new IllegalArgumentException(source + ": no PEM public key or certificate in it");
        }
        byte[] der = Base64.getMimeDecoder().decode(m.group(2));
        PublicKey key;
        try {
            key = m.group(1).equals("CERTIFICATE")
                    ? CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der)).getPublicKey()
                    : KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(source + ": not a readable RSA " + m.group(1).toLowerCase() + ": "
                    + e.getMessage(), e);
        }
        if (!(key instanceof RSAPublicKey rsa)) {
            throw new IllegalArgumentException(source + ": a " + key.getAlgorithm() + " key; U-Boot's FIT signatures "
                    + "here are RSA");
        }
        return new FitSigningKey(name, rsa, required);
    }

    public int bits() {
        return key.getModulus().bitLength();
    }

    /** What a FIT's signature node names as its algo: "sha256,rsa2048". */
    public String algorithm() {
        return "sha256,rsa" + bits();
    }

    /** -1 / n mod 2^32: U-Boot's Montgomery multiplication needs it (lib/rsa/rsa-verify.c). */
    public long n0Inverse() {
        BigInteger word = BigInteger.ONE.shiftLeft(32);
        return word.subtract(key.getModulus().modInverse(word)).longValue();
    }

    /** (2^bits)^2 mod n, the Montgomery constant R². */
    public BigInteger rSquared() {
        return BigInteger.ONE.shiftLeft(2 * bits()).mod(key.getModulus());
    }

    /** A .dtsi adding {@code /signature/key-NAME} to the device tree it is included in. */
    public String dtsi() {
        StringBuilder dtsi = new StringBuilder();
        dtsi.append("// Written by hilfarm: FIT signature key \"").append(name).append("\", as mkimage -K adds it.\n");
        dtsi.append("/ {\n\tsignature {\n\t\tkey-").append(name).append(" {\n");
        dtsi.append("\t\t\tkey-name-hint = \"").append(name).append("\";\n");
        dtsi.append("\t\t\trsa,num-bits = <").append(bits()).append(">;\n");
        dtsi.append("\t\t\trsa,n0-inverse = <").append(cell(n0Inverse())).append(">;\n");
        BigInteger exponent = key.getPublicExponent();
        dtsi.append("\t\t\trsa,exponent = <").append(cell(exponent.shiftRight(32).longValue())).append(' ')
                .append(cell(exponent.longValue() & 0xffffffffL)).append(">;\n");
        dtsi.append("\t\t\trsa,modulus = <").append(cells(key.getModulus())).append(">;\n");
        dtsi.append("\t\t\trsa,r-squared = <").append(cells(rSquared())).append(">;\n");
        dtsi.append("\t\t\talgo = \"").append(algorithm()).append("\";\n");
        dtsi.append("\t\t\trequired = \"").append(required).append("\";\n");
        dtsi.append("\t\t};\n\t};\n};\n");
        return dtsi.toString();
    }

    /** Identifies the key node's content in the cache key. */
    public String sha256() {
        return Sha256.of(dtsi().getBytes(StandardCharsets.UTF_8));
    }

    /* Big-endian 32-bit words, most significant first, bits/32 of them: fdt_add_bignum's layout. */
    private String cells(BigInteger value) {
        StringBuilder cells = new StringBuilder();
        for (int word = bits() / 32 - 1; word >= 0; word--) {
            if (cells.length() > 0) {
                cells.append(' ');
            }
            cells.append(cell(value.shiftRight(32 * word).longValue() & 0xffffffffL));
        }
        return cells.toString();
    }

    private static String cell(long value) {
        return String.format("0x%08x", value);
    }
}
