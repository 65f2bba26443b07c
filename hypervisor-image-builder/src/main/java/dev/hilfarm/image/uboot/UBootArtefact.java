package dev.hilfarm.image.uboot;

import java.util.Locale;

/**
 * One file of a U-Boot build as the manifest records it.
 *
 * @param path relative to the build's cache directory ("u-boot", "MLO", "u-boot-spl.bin")
 */
public record UBootArtefact(String path, Role role, long size, String sha256) {

    /** What a file is for; the manifest is searched by role, not by name. */
    public enum Role {
        /** u-boot: the linked ELF, what QEMU's -kernel and a debugger take */
        ELF,
        /** u-boot.bin, u-boot-dtb.bin: the raw image to load at CONFIG_TEXT_BASE */
        BINARY,
        /** u-boot.dtb, dt.dtb: the control device tree (also when it is embedded in the binary) */
        DTB,
        /** MLO, SPL, u-boot-spl.bin: the first stage a boot ROM loads */
        SPL,
        /** u-boot.img, u-boot-sunxi-with-spl.bin, u-boot.imx: what the SPL or the boot ROM loads */
        IMAGE,
        /** the final .config, what the defconfig and fragment resolved to */
        CONFIG;

        public String jsonName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Role fromJson(String name) {
            for (Role role : values()) {
                if (role.jsonName().equals(name)) {
                    return role;
                }
            }
            throw new IllegalArgumentException("unknown role \"" + name + "\"");
        }
    }
}
