package dev.hilfarm.image.apt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hilfarm.board.exec.HostCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrivateAptTest {

    @TempDir
    Path dir;

    @Test
    void everyStatePathPointsIntoTheStateDirectory() {
        PrivateApt apt = new PrivateApt(dir);

        List<String> options = apt.options();

        assertEquals(List.of("-c", dir.resolve("apt.conf").toString(),
                "-oAPT::Architecture=armhf",
                "-oAPT::Architectures=armhf",
                "-oDir::State=" + dir.resolve("state"),
                "-oDir::State::Lists=" + dir.resolve("lists"),
                "-oDir::State::status=" + dir.resolve("status"),
                "-oDir::Cache=" + dir.resolve("cache"),
                "-oDebug::NoLocking=1"), options);
    }

    @Test
    void prepareCreatesWhatAptNeedsAndKeepsAnExistingStatus() throws Exception {
        PrivateApt apt = new PrivateApt(dir);
        apt.prepare();

        assertTrue(Files.isDirectory(dir.resolve("lists/partial")));
        assertTrue(Files.isDirectory(dir.resolve("cache/archives/partial")));
        assertEquals(0, Files.size(dir.resolve("status")));
        String configuration = Files.readString(dir.resolve("apt.conf"));
        assertTrue(configuration.contains("#clear APT::Update::Post-Invoke-Success;"), configuration);
        apt.prepare();
        assertEquals(0, Files.size(dir.resolve("status")));
    }

    @Test
    void aptAcceptsThePrivateConfiguration() {
        PrivateApt apt = new PrivateApt(dir);
        apt.prepare();

        List<String> argv = new ArrayList<>();
        argv.add("apt-config");
        argv.addAll(apt.options());
        argv.add("dump");
        String dump = HostCommand.of(argv).providedBy("apt").runChecked().stdout();

        assertTrue(dump.contains("APT::Architecture \"armhf\";"), dump);
        assertTrue(dump.contains("Dir::State::status \"" + dir.resolve("status") + "\";"), dump);
        assertTrue(dump.lines().noneMatch(line -> line.startsWith("APT::Update::Post-Invoke-Success::")),
                "host update hooks still configured:\n" + dump);
    }

    @Test
    void aSourceListOfItsOwnReplacesTheHostsListAndParts() {
        Path list = dir.resolve("sources.list");
        PrivateApt apt = PrivateApt.withSourceList(dir, list);
        apt.prepare();

        List<String> options = apt.options();
        assertTrue(options.contains("-oDir::Etc::SourceList=" + list), options.toString());
        assertTrue(options.contains("-oDir::Etc::SourceParts=" + dir.resolve("sources.list.d")), options.toString());
        assertTrue(Files.isDirectory(dir.resolve("sources.list.d")));

        List<String> argv = new ArrayList<>();
        argv.add("apt-config");
        argv.addAll(options);
        argv.add("dump");
        String dump = HostCommand.of(argv).providedBy("apt").runChecked().stdout();
        assertTrue(dump.contains("Dir::Etc::sourcelist \"" + list + "\";"), dump);
        assertTrue(dump.contains("Dir::Etc::sourceparts \"" + dir.resolve("sources.list.d") + "\";"), dump);
    }
}
