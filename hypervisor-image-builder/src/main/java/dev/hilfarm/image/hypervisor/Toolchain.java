package dev.hilfarm.image.hypervisor;

/** The bare-metal ARM cross tools; Debian ships them as gcc-arm-none-eabi and binutils-arm-none-eabi. */
public record Toolchain(String gcc, String objcopy) {
    public static final String GCC_PACKAGE = "gcc-arm-none-eabi";
    public static final String BINUTILS_PACKAGE = "binutils-arm-none-eabi";

    public static Toolchain debian() {
        return new Toolchain("arm-none-eabi-gcc", "arm-none-eabi-objcopy");
    }
}
