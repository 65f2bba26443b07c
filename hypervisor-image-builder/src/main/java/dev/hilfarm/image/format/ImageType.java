package dev.hilfarm.image.format;

import java.util.Optional;

/** Image types as U-Boot numbers them in a uImage header and names them in a FIT. */
public enum ImageType {
    STANDALONE(1, "standalone"), KERNEL(2, "kernel"), RAMDISK(3, "ramdisk"), MULTI(4, "multi"), FIRMWARE(5, "firmware"),
    SCRIPT(6, "script"), FILESYSTEM(7, "filesystem"), FLAT_DT(8, "flat_dt"), KERNEL_NOLOAD(14, "kernel_noload");

    private final int code;
    private final String ubootName;

    ImageType(int code, String ubootName) {
        this.code = code;
        this.ubootName = ubootName;
    }

    public int code() {
        return code;
    }

    public String ubootName() {
        return ubootName;
    }

    public static Optional<ImageType> ofCode(int code) {
        for (ImageType v : values()) {
            if (v.code == code) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }

    public static Optional<ImageType> ofName(String name) {
        for (ImageType v : values()) {
            if (v.ubootName.equals(name)) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }
}
