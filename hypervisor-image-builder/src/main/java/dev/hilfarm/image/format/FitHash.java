package dev.hilfarm.image.format;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;
import java.util.zip.CRC32;

/** The hash algorithms of a FIT hash node, named as its {@code algo} property names them. */
public enum FitHash {
    SHA256("sha256", "SHA-256"), SHA1("sha1", "SHA-1"), CRC32("crc32", null), MD5("md5", "MD5");

    private final String ubootName;
    private final String jcaName;

    FitHash(String ubootName, String jcaName) {
        this.ubootName = ubootName;
        this.jcaName = jcaName;
    }

    public String ubootName() {
        return ubootName;
    }

    /** The {@code value} property: the digest, or for crc32 the CRC as a big-endian 32-bit word (as U-Boot stores it). */
    public byte[] of(byte[] data) {
        if (jcaName == null) {
            CRC32 crc = new CRC32();
            crc.update(data);
            return ByteBuffer.allocate(4).putInt((int) crc.getValue()).array();
        }
        try {
            return MessageDigest.getInstance(jcaName).digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(jcaName + " is part of every Java runtime", e);
        }
    }

    public static Optional<FitHash> ofName(String name) {
        for (FitHash h : values()) {
            if (h.ubootName.equals(name)) {
                return Optional.of(h);
            }
        }
        return Optional.empty();
    }
}
