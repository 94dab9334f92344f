package io.graylane.gateway.proxy.internal;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Date;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The decoders' header map answers as Netty's {@code DefaultHttpHeaders} does. */
class FieldListTest {

    private static FieldList fields() {
        return (FieldList) HeaderNames.FACTORY.newHeaders();
    }

    private static List<String> lines(HttpHeaders h) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, String> e : h) {
            out.add(e.getKey() + ": " + e.getValue());
        }
        return out;
    }

    @Test
    void answersLikeNettysHeadersForRandomEdits() {
        String[] names = {"Host", "host", "X-Lane", "x-lane", "Connection", "Transfer-Encoding", "Content-Length",
                "X-A"};
        String[] values = {"a", "b", "keep-alive", "close", "Keep-Alive, Upgrade", "chunked", "chunked ,gzip", "x , keep-alive,", "12",
                "x,", ",", ""};
        SplittableRandom random = new SplittableRandom(7);
        for (int round = 0; round < 300; round++) {
            FieldList ours = fields();
            HttpHeaders netty = new DefaultHttpHeaders();
            for (int step = 0; step < 12; step++) {
                String name = names[random.nextInt(names.length)];
                CharSequence n = random.nextBoolean() ? name : AsciiString.of(name);
                String value = values[random.nextInt(values.length)];
                switch (random.nextInt(4)) {
                    case 0, 1 -> {
                        ours.add(n, value);
                        netty.add(n, value);
                    }
                    case 2 -> {
                        ours.set(n, value);
                        netty.set(n, value);
                    }
                    default -> {
                        ours.remove(n);
                        netty.remove(n);
                    }
                }
                assertThat(lines(ours)).isEqualTo(lines(netty));
                assertThat(ours.size()).isEqualTo(netty.size());
                for (String probe : names) {
                    assertThat(ours.get(probe)).isEqualTo(netty.get(probe));
                    assertThat(ours.getAll(probe)).isEqualTo(netty.getAll(probe));
                    assertThat(ours.contains(probe)).isEqualTo(netty.contains(probe));
                    assertThat(ours.getInt(probe)).isEqualTo(netty.getInt(probe));
                    for (String v : new String[] {"chunked", "CHUNKED", "keep-alive", "upgrade", "x", "", "gzip"}) {
                        assertThat(ours.containsValue(probe, v, true)).as("%s %s in %s", probe, v, lines(netty))
                                .isEqualTo(netty.containsValue(probe, v, true));
                        assertThat(ours.containsValue(probe, v, false)).isEqualTo(netty.containsValue(probe, v, false));
                        assertThat(ours.contains(probe, v, true)).isEqualTo(netty.contains(probe, v, true));
                        assertThat(ours.contains(probe, v, false)).isEqualTo(netty.contains(probe, v, false));
                    }
                }
            }
        }
    }

    @Test
    void refusesWhatNettyRefuses() {
        FieldList h = fields();
        assertThatThrownBy(() -> h.add("Bad Name", "v")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> h.add("", "v")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> h.add("X-Ok", "a\r\nInjected: yes")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> h.set("X-Ok", "a\nb")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> h.add("X-Ok", (Object) null)).isInstanceOf(NullPointerException.class);
        assertThat(h.isEmpty()).isTrue();

        // The gateway's own names skip the scan and are still accepted.
        h.add(HeaderNames.X_FORWARDED_FOR, "127.0.0.1");
        assertThat(h.get("X-Forwarded-For")).isEqualTo("127.0.0.1");

        HttpHeaders trailers = Trailers.FACTORY.newHeaders();
        HttpHeaders nettyTrailers = DefaultHttpHeadersFactory.trailersFactory().newHeaders();
        assertThatThrownBy(() -> nettyTrailers.add(HttpHeaderNames.CONTENT_LENGTH, "1"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> trailers.add(HttpHeaderNames.CONTENT_LENGTH, "1"))
                .isInstanceOf(IllegalArgumentException.class);
        trailers.add("grpc-status", "0");
        assertThat(trailers.get("Grpc-Status")).isEqualTo("0");
    }

    @Test
    void iteratorsRemoveAndSetValuesInPlace() {
        FieldList h = fields();
        h.add("A", "1").add("B", "2").add("a", "3").add("C", "4");

        Iterator<Map.Entry<CharSequence, CharSequence>> it = h.iteratorCharSequence();
        while (it.hasNext()) {
            Map.Entry<CharSequence, CharSequence> e = it.next();
            if (e.getKey().toString().equalsIgnoreCase("a")) {
                it.remove();
            } else {
                e.setValue(e.getValue() + "!");
            }
        }
        assertThat(lines(h)).containsExactly("B: 2!", "C: 4!");
        Map.Entry<String, String> first = h.iterator().next();
        assertThatThrownBy(() -> first.setValue("x\r\ny")).isInstanceOf(IllegalArgumentException.class);
        assertThat(h.entries()).hasSize(2);
        assertThat(h.names()).containsExactly("B", "C");
    }

    @Test
    void convertsValuesAsNettyDoes() {
        FieldList h = fields();
        Date epoch = new Date(0);
        h.add("Date", epoch).addInt("N", 42).addShort("S", (short) 7).add("L", List.of("x", "y"));
        HttpHeaders netty = new DefaultHttpHeaders().add("Date", epoch).addInt("N", 42).addShort("S", (short) 7)
                .add("L", List.of("x", "y"));

        assertThat(lines(h)).isEqualTo(lines(netty));
        assertThat(h.getTimeMillis("date")).isZero();
        assertThat(h.getShort("s")).isEqualTo((short) 7);
        assertThat(h.getInt("L")).isNull();
        assertThat(h.getInt("missing", -1)).isEqualTo(-1);
        h.set("L", List.of("z"));
        assertThat(h.getAll("l")).containsExactly("z");
    }

    @Test
    void copiesAreIndependentAndClearEmpties() {
        FieldList h = fields();
        h.add("A", "1").add("B", "2");
        HttpHeaders copy = h.copy();
        h.set("A", "changed");
        h.clear();

        assertThat(h.isEmpty()).isTrue();
        assertThat(lines(copy)).containsExactly("A: 1", "B: 2");
        for (int i = 0; i < 40; i++) {
            h.add("X-" + i, String.valueOf(i)); // grows past its first capacity
        }
        assertThat(h.get("x-39")).isEqualTo("39");
        assertThat(h.size()).isEqualTo(40);
    }
}
