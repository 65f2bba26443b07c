package dev.hilfarm.harness.cli;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL cluster on loopback for the farm's multi-agent tests: Debian's
 * {@code postgresql} package (installed by {@code hil setup}), initdb in a temp folder, trust
 * authentication for user {@code hil}, a free port. initdb refuses to run as root, so as root
 * the cluster belongs to the {@code postgres} user the package created.
 */
final class PrivatePostgres implements AutoCloseable {
    private final Path dir;
    private final int port;
    private final Process server;

    private PrivatePostgres(Path dir, int port, Process server) {
        this.dir = dir;
        this.port = port;
        this.server = server;
    }

    static PrivatePostgres start() throws Exception {
        Path bin = binaries();
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "hil-pg-");
        boolean root = "root".equals(System.getProperty("user.name"));
        if (root) {
            run(List.of("chown", "postgres:", dir.toString()));
        }
        Path data = dir.resolve("data");
        run(as(root, List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", "hil", "--auth=trust",
                "--no-sync", "-E", "UTF8")));
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Process server = new ProcessBuilder(as(root, List.of(bin.resolve("postgres").toString(), "-D", data.toString(),
                "-p", String.valueOf(port), "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=" + dir,
                "-c", "fsync=off", "-c", "max_connections=50")))
                .redirectErrorStream(true).redirectOutput(dir.resolve("server.log").toFile()).start();
        PrivatePostgres pg = new PrivatePostgres(dir, port, server);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            Process ready = new ProcessBuilder(bin.resolve("pg_isready").toString(), "-h", "127.0.0.1", "-p",
                    String.valueOf(port)).redirectErrorStream(true).start();
            if (ready.waitFor(10, TimeUnit.SECONDS) && ready.exitValue() == 0) {
                return pg;
            }
            if (System.nanoTime() > deadline || !server.isAlive()) {
                pg.close();
                throw new IllegalStateException("PostgreSQL did not start: " + Files.readString(dir.resolve("server.log")));
            }
            Thread.sleep(200);
        }
    }

    String url() {
        return "postgresql://hil@127.0.0.1:" + port + "/postgres";
    }

    private static List<String> as(boolean root, List<String> cmd) {
        if (!root) {
            return cmd;
        }
        List<String> out = new ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
        out.addAll(cmd);
        return out;
    }

    private static Path binaries() throws IOException {
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            return versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
                    .max(Comparator.comparing(b -> Integer.parseInt(b.getParent().getFileName().toString())))
                    .orElseThrow(() -> new IllegalStateException("no PostgreSQL under /usr/lib/postgresql: run hil setup"));
        }
    }

    private static void run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
        }
    }

    @Override
    public void close() throws Exception {
        // runuser's child is the server: end both, politely first, within bounds.
        List<ProcessHandle> family = new ArrayList<>(server.descendants().toList());
        family.forEach(ProcessHandle::destroy);
        server.destroy();
        if (!server.waitFor(20, TimeUnit.SECONDS)) {
            family.forEach(ProcessHandle::destroyForcibly);
            server.destroyForcibly();
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
