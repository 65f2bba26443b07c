package dev.hilfarm.image.initramfs;

import dev.hilfarm.board.exec.HostCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads initramfs archives back with Debian's own tools (gzip, GNU cpio), so the tests check the
 * archive format against an independent implementation rather than against Commons Compress.
 */
public final class GnuCpio {

    /** One line of {@code cpio -itv}: "crw-------   1 root     root       5,   1 Jan  1  1970 dev/console". */
    public record Listed(String mode, int links, String owner, String group, String sizeOrDevice, String name,
                         String linkTarget) {
    }

    private static final Pattern LINE = Pattern.compile(
            "^(\\S{10})\\s+(\\d+)\\s+(\\S+)\\s+(\\S+)\\s+(\\d+(?:,\\s*\\d+)?)\\s+\\w{3}\\s+\\d+\\s+(?:\\d{4}|\\d\\d:\\d\\d)"
                    + "\\s(.+?)(?: -> (.+))?$");
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private GnuCpio() {
    }

    /** Decompresses {@code gzipped} with gzip into {@code directory} and returns the plain archive. */
    public static Path gunzip(byte[] gzipped, Path directory) throws IOException {
        Path compressed = directory.resolve("initramfs.cpio.gz");
        Files.write(compressed, gzipped);
        HostCommand.of("gzip", "--decompress", "--keep", "--force", compressed.toString())
                .timeout(TIMEOUT).providedBy("gzip").runChecked();
        return directory.resolve("initramfs.cpio");
    }

    public static List<Listed> list(Path archive) {
        String out = HostCommand.of("cpio", "-itv", "--file=" + archive).timeout(TIMEOUT).providedBy("cpio")
                .runChecked().stdout();
        return out.lines().map(GnuCpio::parse).toList();
    }

    /** One member's content as text, extracted by cpio to stdout. */
    public static String extractText(Path archive, String member) {
        return HostCommand.of("cpio", "--extract", "--to-stdout", "--quiet", "--file=" + archive, member)
                .timeout(TIMEOUT).providedBy("cpio").runChecked().stdout();
    }

    private static Listed parse(String line) {
        Matcher m = LINE.matcher(line);
        if (!m.matches()) {
            throw new AssertionError("unexpected cpio -itv line: " + line);
        }
        return new Listed(m.group(1), Integer.parseInt(m.group(2)), m.group(3), m.group(4),
                m.group(5).replaceAll("\\s+", ""), m.group(6), m.group(7));
    }
}
