package dev.hilfarm.image.initramfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hilfarm.board.exec.HostCommand;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsoleShellInitramfsTest {

    private static final byte[] BUSYBOX = "stand-in for an armhf busybox binary\n".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path dir;

    @Test
    void gnuCpioListsExactlyTheExpectedTreeOwnedByRoot() throws Exception {
        Path archive = GnuCpio.gunzip(ConsoleShellInitramfs.around(BUSYBOX).toByteArray(), dir);

        List<GnuCpio.Listed> listed = GnuCpio.list(archive);

        assertEquals(List.of("bin", "bin/busybox", "dev", "dev/console", "etc", "etc/group", "etc/passwd", "init",
                "proc", "root", "sbin", "sys", "tmp", "usr", "usr/bin", "usr/sbin"),
                listed.stream().map(GnuCpio.Listed::name).toList());
        Map<String, String> modes = listed.stream()
                .collect(Collectors.toMap(GnuCpio.Listed::name, GnuCpio.Listed::mode));
        assertEquals("-rwxr-xr-x", modes.get("bin/busybox"));
        assertEquals("-rwxr-xr-x", modes.get("init"));
        assertEquals("-rw-r--r--", modes.get("etc/passwd"));
        assertEquals("drwxrwxrwt", modes.get("tmp"));
        assertEquals("drwx------", modes.get("root"));
        for (String directory : List.of("bin", "sbin", "usr", "usr/bin", "usr/sbin", "proc", "sys", "dev", "etc")) {
            assertEquals("drwxr-xr-x", modes.get(directory), directory);
        }
        for (GnuCpio.Listed entry : listed) {
            assertEquals("root", entry.owner(), entry.name());
            assertEquals("root", entry.group(), entry.name());
        }
    }

    @Test
    void consoleIsCharacterDevice5Comma1ReadableOnlyByRoot() throws Exception {
        Path archive = GnuCpio.gunzip(ConsoleShellInitramfs.around(BUSYBOX).toByteArray(), dir);

        GnuCpio.Listed console = GnuCpio.list(archive).stream().filter(e -> e.name().equals("dev/console"))
                .findFirst().orElseThrow();

        assertEquals("crw-------", console.mode());
        assertEquals("5,1", console.sizeOrDevice());
    }

    @Test
    void busyboxAndTextFilesComeBackByteForByte() throws Exception {
        Path archive = GnuCpio.gunzip(ConsoleShellInitramfs.around(BUSYBOX).toByteArray(), dir);

        Map<String, GnuCpio.Listed> byName = GnuCpio.list(archive).stream()
                .collect(Collectors.toMap(GnuCpio.Listed::name, Function.identity()));
        assertEquals(String.valueOf(BUSYBOX.length), byName.get("bin/busybox").sizeOrDevice());
        assertEquals(new String(BUSYBOX, StandardCharsets.US_ASCII), GnuCpio.extractText(archive, "bin/busybox"));
        assertEquals(ConsoleShellInitramfs.initScript(), GnuCpio.extractText(archive, "init"));
        assertEquals("root:x:0:0:root:/root:/bin/sh\n", GnuCpio.extractText(archive, "etc/passwd"));
        assertEquals("root:x:0:\n", GnuCpio.extractText(archive, "etc/group"));
    }

    @Test
    void initBringsUpAnInteractiveShellOnTheConsole() {
        String init = ConsoleShellInitramfs.initScript();
        List<String> lines = init.lines().map(String::strip).toList();

        assertTrue(init.startsWith("#!/bin/busybox sh\n"), init);
        assertTrue(lines.indexOf("/bin/busybox --install -s") < lines.indexOf("mount -t proc proc /proc"), init);
        for (String required : List.of("mount -t proc proc /proc", "mount -t sysfs sysfs /sys",
                "mount -t devtmpfs devtmpfs /dev", "mount -t tmpfs tmpfs /tmp", "hostname hilfarm",
                "export HOME=/root TERM=vt100 PS1='hilfarm:\\w# '", "echo 'hilfarm: initramfs ready'",
                "setsid cttyhack sh")) {
            assertTrue(lines.contains(required), "missing line: " + required + "\n" + init);
        }
        assertTrue(lines.indexOf("echo 'hilfarm: initramfs ready'") < lines.indexOf("setsid cttyhack sh"), init);
        assertTrue("hilfarm:/# ".matches(ConsoleShellInitramfs.PROMPT_REGEX));
        assertTrue("hilfarm:~# ".matches(ConsoleShellInitramfs.PROMPT_REGEX));
    }

    @Test
    void initIsValidShellSyntax() throws Exception {
        Path init = Files.writeString(dir.resolve("init"), ConsoleShellInitramfs.initScript());

        HostCommand.Result result = HostCommand.of("sh", "-n", init.toString()).providedBy("dash").run();

        assertEquals(0, result.exitStatus(), result.stderr());
    }

    @Test
    void sameBusyboxGivesByteIdenticalImages() {
        byte[] first = ConsoleShellInitramfs.around(BUSYBOX).toByteArray();
        byte[] second = ConsoleShellInitramfs.around(BUSYBOX.clone()).toByteArray();
        byte[] otherBusybox = ConsoleShellInitramfs.around("another binary".getBytes(StandardCharsets.US_ASCII))
                .toByteArray();

        assertArrayEquals(first, second);
        assertTrue(!java.util.Arrays.equals(first, otherBusybox), "different busybox, same image");
    }
}
