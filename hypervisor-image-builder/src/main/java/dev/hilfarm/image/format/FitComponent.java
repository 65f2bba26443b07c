package dev.hilfarm.image.format;

import java.util.List;
import java.util.OptionalLong;

/**
 * One image of a FIT ({@code /images/NAME}): a kernel, a device tree, a ramdisk, firmware or a
 * standalone program, with the hash nodes ({@code hash-1}, {@code hash-2}, …) to add to it.
 */
public record FitComponent(String name, String description, ImageType type, ImageArch arch, ImageOs os,
                           ImageCompression compression, byte[] data, OptionalLong loadAddress, OptionalLong entryPoint,
                           List<FitHash> hashes) {
    public FitComponent {
        hashes = List.copyOf(hashes);
    }

    public static FitComponent kernel(String name, byte[] data, long address, List<FitHash> hashes) {
        return new FitComponent(name, "Linux kernel", ImageType.KERNEL, ImageArch.ARM, ImageOs.LINUX, ImageCompression.NONE, data,
                OptionalLong.of(address), OptionalLong.of(address), hashes);
    }

    public static FitComponent deviceTree(String name, byte[] dtb, List<FitHash> hashes) {
        return new FitComponent(name, "device tree", ImageType.FLAT_DT, ImageArch.ARM, ImageOs.LINUX, ImageCompression.NONE, dtb,
                OptionalLong.empty(), OptionalLong.empty(), hashes);
    }

    public static FitComponent ramdisk(String name, byte[] data, List<FitHash> hashes) {
        return new FitComponent(name, "initramfs", ImageType.RAMDISK, ImageArch.ARM, ImageOs.LINUX, ImageCompression.NONE, data,
                OptionalLong.empty(), OptionalLong.empty(), hashes);
    }

    public static FitComponent firmware(String name, byte[] data, long address, List<FitHash> hashes) {
        return new FitComponent(name, "firmware", ImageType.FIRMWARE, ImageArch.ARM, ImageOs.U_BOOT, ImageCompression.NONE, data,
                OptionalLong.of(address), OptionalLong.empty(), hashes);
    }
}
