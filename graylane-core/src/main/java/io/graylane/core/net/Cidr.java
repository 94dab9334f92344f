package io.graylane.core.net;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.Objects;

/**
 * An IPv4 or IPv6 network in CIDR notation ({@code 10.0.0.0/8}, {@code fd00::/8}, or a single
 * address meaning /32 or /128). IPv4-mapped IPv6 client addresses ({@code ::ffff:10.1.2.3}) match
 * IPv4 networks. Immutable and thread-safe; {@link #contains} does not allocate beyond the address
 * bytes the JDK hands out.
 */
public final class Cidr {

    private final byte[] network;
    private final int prefixLength;
    private final String text;

    private Cidr(byte[] network, int prefixLength, String text) {
        this.network = network;
        this.prefixLength = prefixLength;
        this.text = text;
    }

    /**
     * Parses {@code address[/prefix]}. Only IP literals are accepted (no DNS look-up).
     *
     * @throws IllegalArgumentException with a message naming the bad value and what was expected
     */
    public static Cidr parse(String value) {
        Objects.requireNonNull(value, "value");
        String v = value.trim();
        int slash = v.indexOf('/');
        String addr = slash >= 0 ? v.substring(0, slash) : v;
        byte[] bytes = parseLiteral(addr);
        if (bytes == null) {
            throw new IllegalArgumentException("cidr: " + value
                    + " (expected: an IPv4 or IPv6 network such as 10.0.0.0/8 or fd00::/8)");
        }
        int max = bytes.length * 8;
        int prefix = max;
        if (slash >= 0) {
            String p = v.substring(slash + 1);
            try {
                prefix = Integer.parseInt(p);
            } catch (NumberFormatException e) {
                prefix = -1;
            }
            if (prefix < 0 || prefix > max || p.isEmpty() || !p.chars().allMatch(Character::isDigit)) {
                throw new IllegalArgumentException("cidr: " + value + " (expected: prefix length 0.." + max + ")");
            }
        }
        byte[] masked = bytes.clone();
        mask(masked, prefix);
        return new Cidr(masked, prefix, v);
    }

    /** Parses an IP literal without DNS; {@code null} when {@code s} is not one. */
    public static byte[] parseLiteral(String s) {
        if (s == null || s.isEmpty()) {
            return null;
        }
        boolean ipv6 = s.indexOf(':') >= 0;
        if (!ipv6) {
            return ipv4(s);
        }
        String literal = s.startsWith("[") && s.endsWith("]") ? s.substring(1, s.length() - 1) : s;
        if (literal.indexOf('%') >= 0 || !literal.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.')) {
            return null;
        }
        try {
            // Only hex digits, ':' and '.' remain, so InetAddress treats it as a literal: no DNS.
            return InetAddress.getByName(literal).getAddress();
        } catch (Exception e) {
            return null;
        }
    }

    /**
     * Four dot-separated groups of 1-3 digits, each at most 255, parsed in place (request paths call
     * {@link #parseLiteral} for every peer); {@code null} otherwise.
     */
    private static byte[] ipv4(String s) {
        byte[] b = new byte[4];
        int group = 0;
        int start = 0;
        int n = s.length();
        for (int i = 0; i <= n; i++) {
            if (i < n && s.charAt(i) != '.') {
                char c = s.charAt(i);
                if (c < '0' || c > '9' || i - start >= 3) {
                    return null;
                }
                continue;
            }
            if (i == start || group == 4) {
                return null;
            }
            int value = 0;
            for (int j = start; j < i; j++) {
                value = value * 10 + (s.charAt(j) - '0');
            }
            if (value > 255) {
                return null;
            }
            b[group++] = (byte) value;
            start = i + 1;
        }
        return group == 4 ? b : null;
    }

    /**
     * Parses an IPv4 or IPv6 literal into an address, never looking up a name.
     *
     * @param what the name used in the error, e.g. {@code clientAddress}
     * @throws IllegalArgumentException {@code clientAddress: foo (expected: an IPv4 or IPv6 address)}
     */
    public static InetAddress parseAddress(String literal, String what) {
        byte[] bytes = parseLiteral(literal);
        if (bytes == null) {
            throw new IllegalArgumentException(what + ": " + literal + " (expected: an IPv4 or IPv6 address)");
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException("4 or 16 bytes are always a valid address", e);
        }
    }

    private static void mask(byte[] bytes, int prefix) {
        for (int i = 0; i < bytes.length; i++) {
            int bits = Math.max(0, Math.min(8, prefix - i * 8));
            bytes[i] &= (byte) (0xFF00 >> bits);
        }
    }

    /** Whether {@code address} lies in this network. */
    public boolean contains(InetAddress address) {
        return address != null && contains(address.getAddress());
    }

    /** Whether the raw address bytes (4 or 16) lie in this network. */
    public boolean contains(byte[] addr) {
        if (addr == null) {
            return false;
        }
        int offset = 0;
        if (addr.length != network.length) {
            if (network.length == 4 && addr.length == 16 && isV4Mapped(addr)) {
                offset = 12;
            } else {
                return false;
            }
        }
        int fullBytes = prefixLength / 8;
        for (int i = 0; i < fullBytes; i++) {
            if (addr[offset + i] != network[i]) {
                return false;
            }
        }
        int rest = prefixLength % 8;
        if (rest != 0) {
            int m = 0xFF00 >> rest;
            return (addr[offset + fullBytes] & m) == (network[fullBytes] & m);
        }
        return true;
    }

    private static boolean isV4Mapped(byte[] a) {
        for (int i = 0; i < 10; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return a[10] == (byte) 0xFF && a[11] == (byte) 0xFF;
    }

    /** Prefix length in bits. */
    public int prefixLength() {
        return prefixLength;
    }

    /** Whether this is an IPv6 network. */
    public boolean isIpv6() {
        return network.length == 16;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cidr c && c.prefixLength == prefixLength && Arrays.equals(c.network, network);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(network) * 31 + prefixLength;
    }

    /** The text it was parsed from. */
    @Override
    public String toString() {
        return text;
    }
}
