package io.graylane.gateway.proxy.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.ReferenceCounted;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.ObjIntConsumer;

import static org.assertj.core.api.Assertions.assertThat;

/** Helpers for the differential tests of the decoders' fast paths ({@link RequestHeadsTest}, {@link ResponseHeadsTest}). */
final class HeadInputs {

    private HeadInputs() {
    }

    /**
     * One random input for a fast path: the bytes, what else shaped it (for a failure's message), the
     * fast path to run on them, and the check of what it made (with the bytes it consumed) against the
     * other decoder.
     */
    record Trial<M extends ReferenceCounted>(byte[] input, String context, Function<ByteBuf, M> fastPath,
                                             ObjIntConsumer<M> check) {
    }

    /**
     * Runs 20,000 trials from {@code next} (fixed seed): a declined input must be left unread, a taken
     * one must pass its check; both kinds must be common enough for the comparison to mean something.
     */
    static <M extends ReferenceCounted> void compareOnRandomInputs(Function<SplittableRandom, Trial<M>> next) {
        SplittableRandom random = new SplittableRandom(20261127);
        int taken = 0;
        int declined = 0;
        for (int i = 0; i < 20_000; i++) {
            Trial<M> trial = next.apply(random);
            ByteBuf in = Unpooled.wrappedBuffer(trial.input());
            M ours = trial.fastPath().apply(in);
            if (ours == null) {
                assertThat(in.readerIndex()).as("a declined input is left as it was").isZero();
                declined++;
                continue;
            }
            taken++;
            try {
                trial.check().accept(ours, in.readerIndex());
            } catch (AssertionError e) {
                throw new AssertionError(trial.context() + "input: " + escape(trial.input()), e);
            } finally {
                ours.release();
            }
        }
        assertThat(taken).isGreaterThan(3_000);
        assertThat(declined).isGreaterThan(3_000);
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
