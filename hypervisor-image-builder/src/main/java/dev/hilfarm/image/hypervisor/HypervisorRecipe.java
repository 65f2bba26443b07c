package dev.hilfarm.image.hypervisor;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What the reference hypervisor runs: its guests, in scheduling order, the message channels
 * between them, and the scheduler's tick rate. A guest's {@code program} names a C file of the
 * bundled guest programs ({@code guests/<program>.c}).
 */
public record HypervisorRecipe(List<Guest> guests, List<Channel> channels, int tickHz, GuestCode guestCode) {

    /** The instruction set the guest programs are compiled to (the hypervisor itself is always ARM). */
    public enum GuestCode {
        ARM, THUMB
    }

    public HypervisorRecipe(List<Guest> guests, List<Channel> channels, int tickHz) {
        this(guests, channels, tickHz, GuestCode.ARM);
    }

    /** At most this many guests: each has a 1 MiB window and an ASID, and the hypervisor's table has room for 16. */
    public static final int MAX_GUESTS = 16;

    /**
     * One guest. {@code maxRestarts}: how often the hypervisor reloads it after a fault before it
     * stays stopped (the isolation probe relies on this to make one trapping attempt per life).
     */
    public record Guest(String name, String program, int maxRestarts) {
        public Guest {
            if (!name.matches("[a-z][a-z0-9-]{0,23}")) {
                throw new IllegalArgumentException("guest name '" + name + "': use 1-24 lower-case letters, digits and dashes");
            }
            if (!program.matches("[a-z][a-z0-9-]*")) {
                throw new IllegalArgumentException("guest program '" + program + "' is not a bundled program name");
            }
            if (maxRestarts < 0) {
                throw new IllegalArgumentException("guest " + name + ": maxRestarts must be >= 0");
            }
        }
    }

    /** {@code from} may send messages to {@code to}; replies need a channel of their own. */
    public record Channel(String from, String to) {
    }

    public HypervisorRecipe {
        guests = List.copyOf(guests);
        channels = List.copyOf(channels);
        if (guests.isEmpty() || guests.size() > MAX_GUESTS) {
            throw new IllegalArgumentException("a recipe has 1-" + MAX_GUESTS + " guests, got " + guests.size());
        }
        Set<String> names = new HashSet<>();
        for (Guest g : guests) {
            if (!names.add(g.name())) {
                throw new IllegalArgumentException("guest " + g.name() + " is in the recipe twice");
            }
        }
        for (Channel c : channels) {
            if (!names.contains(c.from()) || !names.contains(c.to())) {
                throw new IllegalArgumentException("channel " + c.from() + " -> " + c.to() + " names a guest not in the recipe");
            }
            if (c.from().equals(c.to())) {
                throw new IllegalArgumentException("channel " + c.from() + " -> " + c.to() + " goes nowhere");
            }
        }
        if (tickHz < 10 || tickHz > 10_000) {
            throw new IllegalArgumentException("tick rate " + tickHz + " Hz: use 10-10000 Hz");
        }
        java.util.Objects.requireNonNull(guestCode, "guestCode");
    }

    /** The same recipe with the guests compiled to {@code code}. */
    public HypervisorRecipe withGuestCode(GuestCode code) {
        return new HypervisorRecipe(guests, channels, tickHz, code);
    }

    /**
     * The reference set-up: a compute-bound "work" guest, a "personal" guest holding data worth
     * stealing, a "drm-service" both may ask for keys, and the isolation "probe", which is
     * connected to nobody and is restarted after each trapped attempt.
     */
    public static HypervisorRecipe reference() {
        return new HypervisorRecipe(
                List.of(new Guest("work", "work", 0),
                        new Guest("personal", "personal", 0),
                        new Guest("drm-service", "drm-service", 0),
                        new Guest("probe", "probe", 16)),
                List.of(new Channel("work", "drm-service"), new Channel("drm-service", "work"),
                        new Channel("personal", "drm-service"), new Channel("drm-service", "personal")),
                1000);
    }

    public int indexOf(String guest) {
        for (int i = 0; i < guests.size(); i++) {
            if (guests.get(i).name().equals(guest)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no guest " + guest + " in the recipe");
    }

    /** The distinct programs the recipe needs compiled. */
    public List<String> programs() {
        List<String> out = new ArrayList<>();
        for (Guest g : guests) {
            if (!out.contains(g.program())) {
                out.add(g.program());
            }
        }
        return out;
    }
}
