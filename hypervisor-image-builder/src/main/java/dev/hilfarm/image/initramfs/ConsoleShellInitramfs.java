package dev.hilfarm.image.initramfs;

/**
 * The hilfarm test initramfs: a static busybox and an /init that brings up a root shell on the
 * kernel console. Nothing else runs, so anything on the console after {@link #READY_LINE} is the
 * shell or the kernel.
 */
public final class ConsoleShellInitramfs {

    /** Printed by /init once the file systems are mounted, right before the first shell starts. */
    public static final String READY_LINE = "hilfarm: initramfs ready";

    /** Printed by /init when the console shell ends (for example after "exit"); a new shell follows. */
    public static final String RESPAWN_LINE = "hilfarm: shell exited, starting a new one";

    /** The shell prompt with the working directory in the middle: "hilfarm:/# ", "hilfarm:~# ". */
    public static final String PROMPT_REGEX = "hilfarm:[^#\\r\\n]*# ";

    public static final String HOSTNAME = "hilfarm";

    /*
     * Runs as PID 1 from the #! line: the kernel starts "/bin/busybox sh /init".
     *
     * The shell is not exec'ed: PID 1 stays this script and starts a new shell when one exits, so a
     * test that types "exit" gets a fresh prompt instead of a kernel panic ("Attempted to kill init").
     * cttyhack reopens the real console device (ttyAMA0, ttyO2, ...) as a controlling terminal:
     * /dev/console never is one, and without it the shell has no job control and Ctrl-C does nothing.
     * setsid gives the shell the new session that a controlling terminal requires.
     */
    static final String INIT_SCRIPT = """
            #!/bin/busybox sh
            # hilfarm test initramfs: PID 1, written by hilfarm's ConsoleShellInitramfs.
            /bin/busybox --install -s
            export PATH=/sbin:/usr/sbin:/bin:/usr/bin
            mount -t proc proc /proc
            mount -t sysfs sysfs /sys
            # devtmpfs hides the archive's static /dev/console and brings every device the kernel knows.
            mount -t devtmpfs devtmpfs /dev
            mount -t tmpfs tmpfs /tmp
            hostname %s
            export HOME=/root TERM=vt100 PS1='hilfarm:\\w# '
            echo '%s'
            while true; do
                setsid cttyhack sh
                echo '%s'
            done
            """.formatted(HOSTNAME, READY_LINE, RESPAWN_LINE);

    static final String PASSWD = "root:x:0:0:root:/root:/bin/sh\n";

    static final String GROUP = "root:x:0:\n";

    private ConsoleShellInitramfs() {
    }

    /** The init script exactly as it is stored at /init. */
    public static String initScript() {
        return INIT_SCRIPT;
    }

    /**
     * The complete image around the given busybox (a static binary for the target architecture).
     * The builder is returned so callers can add more before writing it.
     */
    public static InitramfsBuilder around(byte[] busybox) {
        InitramfsBuilder builder = new InitramfsBuilder();
        for (String dir : new String[] {"/bin", "/sbin", "/usr/bin", "/usr/sbin", "/proc", "/sys", "/dev", "/etc"}) {
            builder.directory(dir, 0755);
        }
        builder.directory("/tmp", 01777);
        builder.directory("/root", 0700);
        // The kernel opens /dev/console for PID 1's stdin/stdout/stderr before /init can mount devtmpfs;
        // without this node /init starts with no console at all.
        builder.characterDevice("/dev/console", 0600, 5, 1);
        builder.file("/bin/busybox", 0755, busybox);
        builder.text("/init", 0755, INIT_SCRIPT);
        builder.text("/etc/passwd", 0644, PASSWD);
        builder.text("/etc/group", 0644, GROUP);
        return builder;
    }
}
