package dev.hilfarm.image.apt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class HostSourcesTest {

    /* apt-get indextargets output, trimmed to the fields that matter, for two suites and two architectures. */
    private static final String INDEX_TARGETS = """
            MetaKey: main/binary-amd64/Packages
            URI: http://mirror.example/debian/dists/bookworm/main/binary-amd64/Packages
            Architecture: amd64
            Component: main
            Created-By: Packages
            Release: bookworm
            Repo-URI: http://mirror.example/debian/
            Target-Of: deb

            MetaKey: main/binary-all/Packages
            Architecture: all
            Component: main
            Created-By: Packages
            Release: bookworm
            Repo-URI: http://mirror.example/debian/
            Target-Of: deb

            MetaKey: contrib/binary-amd64/Packages
            Component: contrib
            Created-By: Packages
            Release: bookworm
            Repo-URI: http://mirror.example/debian/
            Target-Of: deb

            MetaKey: main/binary-amd64/Packages
            Component: main
            Created-By: Packages
            Release: bookworm-security
            Repo-URI: http://security.example/debian-security/
            Target-Of: deb

            MetaKey: Packages
            Component:\s
            Created-By: Packages
            Release: ./
            Repo-URI: http://flat.example/repo/
            Target-Of: deb

            MetaKey: main/source/Sources
            Component: main
            Created-By: Sources
            Release: bookworm
            Repo-URI: http://src-only.example/debian/
            Target-Of: deb-src
            """;

    @Test
    void oneDebSrcLinePerRepositorySuiteAndComponent() {
        assertEquals(List.of(
                "deb-src http://mirror.example/debian/ bookworm main",
                "deb-src http://mirror.example/debian/ bookworm contrib",
                "deb-src http://security.example/debian-security/ bookworm-security main",
                "deb-src http://flat.example/repo/ ./"), HostSources.debSrcLines(INDEX_TARGETS));
    }

    @Test
    void readsTheHostsOwnConfiguration() {
        // This host (Debian 12, as hil setup expects) has Debian's main component configured.
        List<String> lines = HostSources.debSrcLines();
        assertFalse(lines.isEmpty());
        assertTrue(lines.stream().allMatch(line -> line.startsWith("deb-src ")), lines.toString());
    }
}
