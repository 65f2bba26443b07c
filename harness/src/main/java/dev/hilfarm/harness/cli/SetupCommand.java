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
        ImagesCommand.ensure();
        System.out.println("hil: host ready");
    }
}
