package dev.hilfarm.image.format;

import java.util.Optional;

/** CPU architectures as U-Boot numbers them in a uImage header and names them in a FIT. */
public enum ImageArch {
    ARM(2, "arm"), ARM64(22, "arm64");

    private final int code;
    private final String ubootName;

    ImageArch(int code, String ubootName) {
        this.code = code;
        this.ubootName = ubootName;
    }

    public int code() {
        return code;
    }

    public String ubootName() {
        return ubootName;
    }

    public static Optional<ImageArch> ofCode(int code) {
        for (ImageArch v : values()) {
            if (v.code == code) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }

    public static Optional<ImageArch> ofName(String name) {
        for (ImageArch v : values()) {
            if (v.ubootName.equals(name)) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }
}
