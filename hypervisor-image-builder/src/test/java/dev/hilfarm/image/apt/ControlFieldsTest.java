package dev.hilfarm.image.apt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ControlFieldsTest {

    @Test
    void readsTheFirstStanzaWithContinuationLines() {
        ControlFields fields = ControlFields.parse("""
                Package: linux-image-armmp
                Source: linux-signed-armhf (6.1.176+1)
                Version: 6.1.176-1
                Depends: linux-image-6.1.0-50-armmp (= 6.1.176-1)
                Description: Linux for ARMv7 multiplatform compatible SoCs (meta-package)
                 This package depends on the latest Linux kernel
                 and modules for use on ARMv7 multiplatform systems.

                Package: linux-image-armmp
                Version: 6.1.170-1
                """);

        assertEquals(Optional.of("6.1.176-1"), fields.get("version"));
        assertEquals(List.of("linux-image-6.1.0-50-armmp"), fields.relationNames("Depends"));
        assertEquals(Optional.of("Linux for ARMv7 multiplatform compatible SoCs (meta-package)\n"
                + "This package depends on the latest Linux kernel\n"
                + "and modules for use on ARMv7 multiplatform systems."), fields.get("Description"));
    }

    @Test
    void relationNamesListEveryAlternativeWithoutConstraints() {
        ControlFields fields = ControlFields.parse(
                "Depends: initramfs-tools (>= 0.120+deb8u2) | linux-initramfs-tool, kmod:any,\n"
                        + " linux-base [armhf] (>= 4.3~)\n");

        assertEquals(List.of("initramfs-tools", "linux-initramfs-tool", "kmod", "linux-base"),
                fields.relationNames("Depends"));
        assertEquals(List.of(), fields.relationNames("Recommends"));
    }
}
