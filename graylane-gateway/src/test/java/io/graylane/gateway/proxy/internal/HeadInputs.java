package io.graylane.gateway.proxy.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.ReferenceCounted;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.IntFunction;
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

    /**
     * Sometimes (one input in eight) a field that makes the head end somewhere around the end of the
     * bytes the fast paths copy ({@link HeadFields#SCRATCH_BYTES}).
     */
    static void padSometimes(StringBuilder s, SplittableRandom r) {
        if (r.nextInt(8) == 0) {
            s.append("X-Pad: ").append("p".repeat(Math.max(0, HeadFields.SCRATCH_BYTES - s.length() - 40 + r.nextInt(80))))
                    .append("\r\n");
        }
    }

    /** The input's bytes, sometimes (one in six) cut short at a random place. */
    static byte[] cutShortSometimes(StringBuilder s, SplittableRandom r) {
        byte[] bytes = s.toString().getBytes(StandardCharsets.ISO_8859_1);
        if (r.nextInt(6) == 0 && bytes.length > 1) {
            return Arrays.copyOf(bytes, r.nextInt(bytes.length));
        }
        return bytes;
    }

    /**
     * Runs {@code fastPath} on heads of every length from 40 bytes short of the end of the copied bytes
     * to 40 past it ({@code headOfLength} makes one): a head that fits must be taken and pass
     * {@code checkTaken}, one that does not must be left unread, and none may make the parser read
     * past the bytes it copied.
     */
    static <M extends ReferenceCounted> void acrossTheCopyEdge(IntFunction<String> headOfLength,
                                                               Function<ByteBuf, M> fastPath, BiConsumer<Integer, M> checkTaken) {
        for (int length = HeadFields.SCRATCH_BYTES - 40; length <= HeadFields.SCRATCH_BYTES + 40; length++) {
            String head = headOfLength.apply(length);
            assertThat(head).hasSize(length);
            ByteBuf in = Unpooled.copiedBuffer(head, StandardCharsets.ISO_8859_1);
            M message = fastPath.apply(in);
            if (length <= HeadFields.SCRATCH_BYTES) {
                assertThat(message).as("head of %d bytes", length).isNotNull();
                checkTaken.accept(length, message);
                message.release();
            } else {
                assertThat(message).as("head of %d bytes", length).isNull();
                assertThat(in.readerIndex()).isZero();
            }
            in.release();
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
