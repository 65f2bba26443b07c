package dev.hilfarm.image;

import java.util.Locale;

/**
 * One cached file as the manifest records it.
 *
 * @param path    relative to the image directory, with '/' separators ("dtbs/omap4-panda.dtb")
 * @param packageName the Debian package the file came from; for the initramfs, the busybox package
 * @param version that package's Debian version
 */
record ManifestEntry(String path, Role role, long size, String sha256, String packageName, String version) {

    /** What a file is for; the manifest is searched by role, not by file name. */
    enum Role {
        KERNEL, DTB, BUSYBOX, INITRAMFS;

        String jsonName() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Role fromJson(String name) {
            for (Role role : values()) {
                if (role.jsonName().equals(name)) {
                    return role;
                }
            }
            throw new IllegalArgumentException("unknown role \"" + name + "\"");
        }
    }
}
