package dev.hilfarm.image.apt;

import dev.hilfarm.board.exec.HostCommand;
import dev.hilfarm.image.ImageCacheException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The binary package sources the host's apt is configured with, turned into deb-src lines for a
 * private sources list. apt itself reads the host's configuration ({@code apt-get indextargets}),
 * so one-line sources.list entries and deb822 .sources files are understood alike and no mirror
 * is ever written into hilfarm.
 */
public final class HostSources {

    private static final Duration TIMEOUT = Duration.ofMinutes(1);

    private HostSources() {
    }

    /** One {@code deb-src URI SUITE COMPONENT} line per repository, suite and component the host uses. */
    public static List<String> debSrcLines() {
        // --no-release-info: describe the configured targets without reading Release files, so
        // this works before the host's own apt-get update and never touches the host's state.
        HostCommand.Result result = HostCommand.of("apt-get", "indextargets", "--no-release-info",
                "Created-By: Packages").timeout(TIMEOUT).providedBy("apt").run();
        if (result.exitStatus() != 0) {
            throw new ImageCacheException("cannot read the host's apt sources (apt-get indextargets): "
                    + result.lastErrorLine());
        }
        List<String> lines = debSrcLines(result.stdout());
        if (lines.isEmpty()) {
            throw new ImageCacheException("the host's apt sources name no deb repository to take source packages "
                    + "from; add Debian's main component to /etc/apt/sources.list.d");
        }
        return lines;
    }

    /** Parses {@code apt-get indextargets} output: stanzas of "Field: value" lines. */
    static List<String> debSrcLines(String indexTargets) {
        Set<String> lines = new LinkedHashSet<>();
        for (String stanza : indexTargets.split("\n\\s*\n")) {
            ControlFields fields = ControlFields.parse(stanza);
            if (!fields.get("Target-Of").orElse("").equals("deb")) {
                continue;
            }
            String uri = fields.get("Repo-URI").orElse("");
            String suite = fields.get("Release").orElse("");
            String component = fields.get("Component").orElse("");
            if (uri.isEmpty() || suite.isEmpty()) {
                continue;
            }
            List<String> words = new ArrayList<>(List.of("deb-src", uri, suite));
            // A flat repository ("deb URI ./") has a path for a suite and no component.
            if (!component.isEmpty()) {
                words.add(component);
            }
            lines.add(String.join(" ", words));
        }
        return List.copyOf(lines);
    }
}
