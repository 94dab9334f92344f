package io.graylane.core.rule;

import java.util.Objects;

/**
 * The stable, language-neutral hash behind sticky splits: MurmurHash3 x86 32-bit, seed 0, over the
 * UTF-8 bytes of {@code key} (or of {@code salt + ":" + key} when the salt is not empty); the bucket
 * is that hash, read as an unsigned 32-bit number, modulo {@value #BUCKETS}. A sticky split of
 * {@code B} basis points takes the keys whose bucket is below {@code B}, so raising the percentage
 * only ever adds keys. The algorithm and test vectors for other languages are in
 * {@code docs/sticky-hash.md}.
 *
 * <p>Stateless and thread-safe; {@link #bucket} and {@link #hash} encode UTF-8 on the fly and
 * allocate nothing. Unpaired surrogates encode as {@code '?'}, exactly as
 * {@code String.getBytes(UTF_8)} does.
 */
public final class StickyHash {

    /** Number of buckets; a bucket is one basis point (0.01 %) of the key space. */
    public static final int BUCKETS = 10_000;

    private static final int C1 = 0xcc9e2d51;
    private static final int C2 = 0x1b873593;

    private StickyHash() {
    }

    /**
     * The bucket (0..9999) of {@code key} under {@code salt}.
     *
     * @param salt split salt; {@code null} or empty means no salt (the key is hashed alone)
     * @param key  the sticky key, e.g. a user id
     */
    public static int bucket(String salt, String key) {
        return Integer.remainderUnsigned(hash(salt, key), BUCKETS);
    }

    /**
     * MurmurHash3 x86 32-bit (seed 0) of the UTF-8 bytes of {@code key}, or of
     * {@code salt + ":" + key} when the salt is not empty, computed without building either string.
     */
    public static int hash(String salt, String key) {
        Objects.requireNonNull(key, "key");
        String s = salt == null ? "" : salt;
        long ascii = asciiHash(s, key, 0, 0, 0, 0, s.isEmpty() ? 2 : 0);
        if (ascii != NOT_ASCII) {
            return (int) ascii;
        }
        // The input is the virtual string s + ":" + key; prefix is how many of its chars precede key.
        int prefix = s.isEmpty() ? 0 : s.length() + 1;
        int total = prefix + key.length();

        int h = 0;
        int block = 0;    // bytes collected for the current 4-byte block, little-endian
        int shift = 0;    // bit position of the next byte within block
        int length = 0;   // bytes fed so far
        for (int i = 0; i < total; i++) {
            char c = charAt(s, key, prefix, i);
            int cp = c;
            if (Character.isHighSurrogate(c) && i + 1 < total) {
                char next = charAt(s, key, prefix, i + 1);
                if (Character.isLowSurrogate(next)) {
                    cp = Character.toCodePoint(c, next);
                    i++;
                } else {
                    cp = '?';
                }
            } else if (Character.isSurrogate(c)) {
                cp = '?';
            }

            // UTF-8 bytes of cp packed little-endian into utf8, count in n.
            int utf8;
            int n;
            if (cp < 0x80) {
                utf8 = cp;
                n = 1;
            } else if (cp < 0x800) {
                utf8 = (0xC0 | cp >>> 6) | (0x80 | cp & 0x3F) << 8;
                n = 2;
            } else if (cp < 0x10000) {
                utf8 = (0xE0 | cp >>> 12) | (0x80 | cp >>> 6 & 0x3F) << 8 | (0x80 | cp & 0x3F) << 16;
                n = 3;
            } else {
                utf8 = (0xF0 | cp >>> 18) | (0x80 | cp >>> 12 & 0x3F) << 8
                        | (0x80 | cp >>> 6 & 0x3F) << 16 | (0x80 | cp & 0x3F) << 24;
                n = 4;
            }
            length += n;
            for (int j = 0; j < n; j++) {
                block |= (utf8 >>> (j * 8) & 0xFF) << shift;
                shift += 8;
                if (shift == 32) {
                    h = mixBlock(h, block);
                    block = 0;
                    shift = 0;
                }
            }
        }
        return finish(h, block, shift != 0, length);
    }

    /** What {@link #asciiHash} returns when a char is not ASCII; never a hash, which fits in 32 bits. */
    private static final long NOT_ASCII = -1L;

    /**
     * The fast path for the usual all-ASCII salt and key (one byte per char): whole 4-byte blocks
     * are read four chars at a time. Returns the hash as an unsigned 32-bit value, or
     * {@link #NOT_ASCII} at the first char that needs the general UTF-8 path.
     */
    private static long asciiHash(String salt, String key, int h, int block, int shift, int length, int first) {
        // The input is salt, ':' and key (or key alone); blocks run across the three segments. The
        // state may start after the salt (see Salted): then h, block, shift and length carry it in.
        // block: bytes pending for the current block, little-endian; shift: bit position of the next.
        for (int segment = first; segment < 3; segment++) {
            String str = segment == 0 ? salt : segment == 1 ? ":" : key;
            int n = str.length();
            length += n;
            int i = 0;
            while (shift != 0 && i < n) {                  // top up a block begun by the last segment
                char c = str.charAt(i++);
                if (c >= 0x80) {
                    return NOT_ASCII;
                }
                block |= c << shift;
                shift += 8;
                if (shift == 32) {
                    h = mixBlock(h, block);
                    block = 0;
                    shift = 0;
                }
            }
            for (; i + 4 <= n; i += 4) {                   // whole blocks
                char c0 = str.charAt(i);
                char c1 = str.charAt(i + 1);
                char c2 = str.charAt(i + 2);
                char c3 = str.charAt(i + 3);
                if ((c0 | c1 | c2 | c3) >= 0x80) {
                    return NOT_ASCII;
                }
                h = mixBlock(h, c0 | c1 << 8 | c2 << 16 | c3 << 24);
            }
            for (; i < n; i++) {                           // the rest starts the next block
                char c = str.charAt(i);
                if (c >= 0x80) {
                    return NOT_ASCII;
                }
                block |= c << shift;
                shift += 8;
            }
        }
        return finish(h, block, shift != 0, length) & 0xFFFFFFFFL;
    }

    /**
     * A salt hashed ahead of time: the MurmurHash3 state after the UTF-8 bytes of {@code salt + ":"}
     * (nothing for an empty salt), so that a sticky condition hashes only the key per request.
     * Immutable.
     */
    static final class Salted {
        private final String salt;
        private final int h;
        private final int block;
        private final int shift;
        private final int length;

        Salted(String salt) {
            this.salt = salt == null ? "" : salt;
            byte[] bytes = this.salt.isEmpty() ? new byte[0]
                    : (this.salt + ":").getBytes(java.nio.charset.StandardCharsets.UTF_8);
            int hh = 0;
            int full = bytes.length & ~3;
            for (int i = 0; i < full; i += 4) {
                hh = mixBlock(hh, (bytes[i] & 0xFF) | (bytes[i + 1] & 0xFF) << 8
                        | (bytes[i + 2] & 0xFF) << 16 | (bytes[i + 3] & 0xFF) << 24);
            }
            int pending = 0;
            for (int i = full; i < bytes.length; i++) {
                pending |= (bytes[i] & 0xFF) << ((i - full) * 8);
            }
            this.h = hh;
            this.block = pending;
            this.shift = (bytes.length - full) * 8;
            this.length = bytes.length;
        }

        /** The same as {@code StickyHash.bucket(salt, key)}, hashing only the key. */
        int bucket(String key) {
            long ascii = asciiHash(null, key, h, block, shift, length, 2);
            int hash = ascii != NOT_ASCII ? (int) ascii : hash(salt, key);
            return Integer.remainderUnsigned(hash, BUCKETS);
        }
    }

    /** Reference MurmurHash3 x86 32-bit of {@code data} with seed 0. */
    public static int murmur3(byte[] data) {
        return murmur3(data, 0);
    }

    /** Reference MurmurHash3 x86 32-bit of {@code data} with {@code seed}, as published by its author. */
    public static int murmur3(byte[] data, int seed) {
        Objects.requireNonNull(data, "data");
        int h = seed;
        int blocks = data.length / 4;
        for (int b = 0; b < blocks; b++) {
            int i = b * 4;
            int k = (data[i] & 0xFF) | (data[i + 1] & 0xFF) << 8 | (data[i + 2] & 0xFF) << 16 | (data[i + 3] & 0xFF) << 24;
            h = mixBlock(h, k);
        }
        int tail = 0;
        int rest = data.length & 3;
        for (int j = rest - 1; j >= 0; j--) {
            tail |= (data[blocks * 4 + j] & 0xFF) << (j * 8);
        }
        return finish(h, tail, rest != 0, data.length);
    }

    private static char charAt(String salt, String key, int prefix, int i) {
        if (i >= prefix) {
            return key.charAt(i - prefix);
        }
        return i == prefix - 1 ? ':' : salt.charAt(i);
    }

    private static int mixBlock(int h, int k) {
        h ^= mixK(k);
        h = Integer.rotateLeft(h, 13);
        return h * 5 + 0xe6546b64;
    }

    private static int mixK(int k) {
        k *= C1;
        k = Integer.rotateLeft(k, 15);
        return k * C2;
    }

    private static int finish(int h, int tail, boolean hasTail, int length) {
        if (hasTail) {
            h ^= mixK(tail);
        }
        h ^= length;
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }
}
