package dev.hilfarm.harness.cli;

import dev.hilfarm.harness.host.HostPackages;
import dev.hilfarm.harness.target.QemuProcess;
import picocli.CommandLine.Command;

/**
 * {@code hil setup}: everything the test suites need on this host, installed or fetched once:
 * QEMU, the tools the tests compare against, and the test images.
 */
@Command(name = "setup", description = "Install the Debian packages hilfarm needs and fetch the test images")
final class SetupCommand implements Runnable {
    @Override
    public void run() {
        HostPackages packages = new HostPackages(System.out);
        packages.require(QemuProcess.BINARY, QemuProcess.DEBIAN_PACKAGE, "the QEMU target");
        packages.require("cpio", "cpio", "checking initramfs archives in the tests");
        packages.require("pg_ctlcluster", "postgresql", "the farm tests' private PostgreSQL store (several agents, one store)");
        packages.require("arm-none-eabi-gcc", "gcc-arm-none-eabi", "building bare-metal test programs for the emulator");
        packages.requireFile("/usr/lib/arm-none-eabi/newlib/libc.a", "libnewlib-arm-none-eabi",
                "the C library of the bare-metal test programs");
        packages.require("gdb-multiarch", "gdb-multiarch", "testing the emulator's GDB stub");
        packages.require("dtc", "device-tree-compiler", "checking the device trees the emulator's loader writes");
        packages.require("fastboot", "fastboot", "checking hilfarm's fastboot device model and client against Debian's client");
        packages.require("dfu-suffix", "dfu-util", "checking the DFU suffixes hilfarm writes and reads");
        packages.require("fdtdump", "device-tree-compiler", "checking the control device tree of U-Boot builds");
        ImagesCommand.requireUBootBuildTools(packages, true);
        packages.require("mkimage", "u-boot-tools", "checking FIT signature keys against U-Boot's own mkimage");
        packages.require("openssl", "openssl", "making throwaway FIT signing keys in the tests");
        // The real tools the image formats are checked against in the tests (and timed against by 'hil bench image').
        packages.require("img2simg", "android-sdk-libsparse-utils", "checking Android sparse images");
        packages.require("mkbootimg", "mkbootimg", "checking Android boot images");
        packages.require("sfdisk", "fdisk", "checking MBR and GPT partition tables");
        packages.require("sgdisk", "gdisk", "checking GPT partition tables");
        packages.require("fsck.vfat", "dosfstools", "checking FAT boot partitions");
        packages.require("mdir", "mtools", "reading FAT boot partitions");
        ImagesCommand.ensure();
        System.out.println("hil: host ready");
    }
}
