package dev.hilfarm.image.format;

import java.util.Optional;

/** Operating systems as U-Boot numbers them in a uImage header and names them in a FIT. */
public enum ImageOs {
    LINUX(5, "linux"), U_BOOT(17, "u-boot"), ARM_TRUSTED_FIRMWARE(25, "arm-trusted-firmware"), TEE(26, "tee"), EFI(28, "efi");

    private final int code;
    private final String ubootName;

    ImageOs(int code, String ubootName) {
        this.code = code;
        this.ubootName = ubootName;
    }

    public int code() {
        return code;
    }

    /** The name mkimage and a FIT's {@code os} property use. */
    public String ubootName() {
        return ubootName;
    }

    public static Optional<ImageOs> ofCode(int code) {
        for (ImageOs v : values()) {
            if (v.code == code) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }

    public static Optional<ImageOs> ofName(String name) {
        for (ImageOs v : values()) {
            if (v.ubootName.equals(name)) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }
}
