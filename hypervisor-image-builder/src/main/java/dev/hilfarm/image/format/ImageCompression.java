package dev.hilfarm.image.format;

import java.util.Optional;

/** How an image's payload is compressed, as U-Boot numbers it in a uImage header and names it in a FIT. */
public enum ImageCompression {
    NONE(0, "none"), GZIP(1, "gzip"), BZIP2(2, "bzip2"), LZMA(3, "lzma"), LZO(4, "lzo"), LZ4(5, "lz4"), ZSTD(6, "zstd");

    private final int code;
    private final String ubootName;

    ImageCompression(int code, String ubootName) {
        this.code = code;
        this.ubootName = ubootName;
    }

    public int code() {
        return code;
    }

    public String ubootName() {
        return ubootName;
    }

    public static Optional<ImageCompression> ofCode(int code) {
        for (ImageCompression v : values()) {
            if (v.code == code) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }

    public static Optional<ImageCompression> ofName(String name) {
        for (ImageCompression v : values()) {
            if (v.ubootName.equals(name)) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }
}
