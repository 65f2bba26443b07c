package dev.hilfarm.board.flash;

import java.util.Arrays;

/**
 * One packet of fastboot's UDP transport: an id (error, query, init, fastboot), a flags byte
 * whose bit 0 says the data continues in the next packet, a big-endian 16-bit sequence number the
 * device echoes, then data. Both the host link and the emulated device's server use it.
 */
public record FastbootUdpPacket(int id, boolean continuation, int sequence, byte[] data) {
    public static final int ERROR = 0x00;
    public static final int QUERY = 0x01;
    public static final int INIT = 0x02;
    public static final int FASTBOOT = 0x03;
    public static final int HEADER = 4;
    /** The UDP protocol version both sides speak. */
    public static final int VERSION = 1;

    public FastbootUdpPacket {
        if (id < 0 || id > 3) {
            throw new IllegalArgumentException("fastboot UDP packet id " + id);
        }
        sequence &= 0xffff;
    }

    public byte[] encode() {
        byte[] out = Arrays.copyOf(new byte[HEADER], HEADER + data.length);
        out[0] = (byte) id;
        out[1] = (byte) (continuation ? 1 : 0);
        out[2] = (byte) (sequence >> 8);
        out[3] = (byte) sequence;
        System.arraycopy(data, 0, out, HEADER, data.length);
        return out;
    }

    /** The packet in {@code length} bytes of {@code buffer}; a runt or an unknown id is refused naming it. */
    public static FastbootUdpPacket decode(byte[] buffer, int length) {
        if (length < HEADER) {
            throw new IllegalArgumentException("fastboot UDP packet of " + length + " bytes: shorter than its 4-byte header");
        }
        int id = buffer[0] & 0xff;
        if (id > 3) {
            throw new IllegalArgumentException(String.format("fastboot UDP packet with unknown id 0x%02x", id));
        }
        return new FastbootUdpPacket(id, (buffer[1] & 1) != 0, ((buffer[2] & 0xff) << 8) | (buffer[3] & 0xff),
                Arrays.copyOfRange(buffer, HEADER, length));
    }

    /** Two big-endian 16-bit values, as query and init packets carry them. */
    public static byte[] shorts(int... values) {
        byte[] out = new byte[values.length * 2];
        for (int i = 0; i < values.length; i++) {
            out[2 * i] = (byte) (values[i] >> 8);
            out[2 * i + 1] = (byte) values[i];
        }
        return out;
    }

    /** The {@code index}th big-endian 16-bit value of the data. */
    public int shortAt(int index) {
        if (data.length < 2 * index + 2) {
            throw new IllegalArgumentException("fastboot UDP packet data too short for value " + index);
        }
        return ((data[2 * index] & 0xff) << 8) | (data[2 * index + 1] & 0xff);
    }
}
