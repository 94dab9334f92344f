package io.graylane.gateway.proxy.internal;

import io.netty.handler.codec.http.HttpHeaders;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Helpers for the differential tests of the decoders' fast paths ({@link RequestHeadsTest}, {@link ResponseHeadsTest}). */
final class HeadInputs {

    private HeadInputs() {
    }

    /** Picks a plain choice, or with probability {@code oddness} any choice (odd ones included). */
    record Picker(SplittableRandom r, double oddness) {
        boolean odd() {
            return r.nextDouble() < oddness;
        }

        /** From {@code from}, whose first {@code plain} entries are the plain choices. */
        String pick(String[] from, int plain) {
            return from[r.nextInt(odd() ? from.length : plain)];
        }
    }

    /** The fields as {@code name=value}, in order. */
    static List<String> fields(HttpHeaders headers) {
        List<String> all = new ArrayList<>();
        headers.iteratorCharSequence().forEachRemaining(e -> all.add(e.getKey() + "=" + e.getValue()));
        return all;
    }

    /** Where the head ends: the index just past the first blank line (the inputs taken always have one). */
    static int headLength(byte[] a) {
        outer:
        for (int i = 0; i + 4 <= a.length; i++) {
            for (int j = 0; j < 4; j++) {
                if (a[i + j] != "\r\n\r\n".charAt(j)) {
                    continue outer;
                }
            }
            return i + 4;
        }
        return -1;
    }

    /** The input as one line, control characters of HTTP spelled out. */
    static String escape(byte[] input) {
        return new String(input, StandardCharsets.ISO_8859_1).replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t");
    }
}
