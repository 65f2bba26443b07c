package dev.hilfarm.image.format;

import dev.hilfarm.board.fdt.DeviceTree;
import dev.hilfarm.board.fdt.DeviceTreeNode;
import dev.hilfarm.board.fdt.DeviceTreeProperty;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.Optional;

/**
 * An RSA public key as U-Boot's verified boot keeps it in its control device tree, node
 * {@code /signature/key-NAME}: the modulus and exponent plus the two Montgomery constants its
 * RSA code needs ({@code rsa,n0-inverse} = -1/n mod 2^32 and {@code rsa,r-squared} = 2^(2·bits) mod n),
 * so the boot loader does no big-number division of its own.
 */
public final class UbootRsaKey {
    private UbootRsaKey() {
    }

    /**
     * Writes the key into {@code control} (creating {@code /signature}); {@code required} is
     * {@code "conf"} or {@code "image"} to make U-Boot refuse images this key does not verify.
     */
    public static DeviceTreeNode addTo(DeviceTree control, String keyName, RSAPublicKey key, Optional<String> required) {
        BigInteger n = key.getModulus();
        int bits = n.bitLength();
        BigInteger twoTo32 = BigInteger.ONE.shiftLeft(32);
        int n0Inverse = twoTo32.subtract(n.mod(twoTo32).modInverse(twoTo32)).intValue();
        BigInteger rSquared = BigInteger.ONE.shiftLeft(2 * bits).mod(n);
        DeviceTreeNode node = control.createNode("/signature/key-" + keyName);
        node.setString("key-name-hint", keyName);
        node.setU32("rsa,num-bits", bits);
        node.setU32("rsa,n0-inverse", n0Inverse);
        node.setU64("rsa,exponent", key.getPublicExponent().longValueExact());
        node.setProperty("rsa,modulus", bigEndian(n, bits));
        node.setProperty("rsa,r-squared", bigEndian(rSquared, bits));
        node.setString("algo", FitImage.SIGNATURE_ALGORITHM);
        required.ifPresent(r -> node.setString("required", r));
        return node;
    }

    /** The public key a {@code key-NAME} node holds. */
    public static RSAPublicKey from(DeviceTreeNode node) {
        byte[] modulus = node.property("rsa,modulus").map(DeviceTreeProperty::value)
                .orElseThrow(() -> new IllegalArgumentException(node.path() + " has no rsa,modulus"));
        long exponent = node.property("rsa,exponent").flatMap(DeviceTreeProperty::asU64)
                .orElseThrow(() -> new IllegalArgumentException(node.path() + " has no 64-bit rsa,exponent"));
        try {
            return (RSAPublicKey) KeyFactory.getInstance("RSA")
                    .generatePublic(new RSAPublicKeySpec(new BigInteger(1, modulus), BigInteger.valueOf(exponent)));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(node.path() + ": not an RSA key: " + e.getMessage(), e);
        }
    }

    /** The number as {@code bits/8} big-endian bytes, most significant 32-bit word first (U-Boot's fdt_add_bignum). */
    private static byte[] bigEndian(BigInteger value, int bits) {
        byte[] raw = value.toByteArray();
        byte[] out = new byte[(bits + 31) / 32 * 4];
        int copy = Math.min(raw.length, out.length);
        System.arraycopy(raw, raw.length - copy, out, out.length - copy, copy);
        return out;
    }
}
