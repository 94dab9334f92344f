package io.graylane.gateway.proxy.internal;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.ReferenceCountUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What the strict decoder adds to Netty's: folding, missing and duplicate Host, however the bytes arrive. */
class StrictRequestDecoderTest {

    private final ArrayDeque<HttpMethod> methods = new ArrayDeque<>();

    /** Decodes {@code input} fed in pieces of {@code pieceSize} bytes; returns the requests (contents released). */
    private List<HttpRequest> decode(String input, int pieceSize) {
        EmbeddedChannel ch = new EmbeddedChannel(new StrictRequestDecoder(new HttpDecoderConfig(), methods));
        byte[] bytes = input.getBytes(StandardCharsets.ISO_8859_1);
        for (int i = 0; i < bytes.length; i += pieceSize) {
            ch.writeInbound(Unpooled.wrappedBuffer(bytes, i, Math.min(pieceSize, bytes.length - i)));
        }
        List<HttpRequest> requests = new ArrayList<>();
        Object o;
        while ((o = ch.readInbound()) != null) {
            if (o instanceof HttpRequest r) {
                requests.add(r);
            }
            ReferenceCountUtil.release(o);
        }
        ch.finishAndReleaseAll();
        return requests;
    }

    private static String cause(HttpRequest r) {
        return r.decoderResult().isSuccess() ? "ok" : r.decoderResult().cause().getMessage();
    }

    @ParameterizedTest(name = "in pieces of {0} bytes")
    @ValueSource(ints = {1, 2, 3, 7, 1000})
    void foldingIsFoundHoweverTheBytesArrive(int pieceSize) {
        List<HttpRequest> requests = decode("GET / HTTP/1.1\r\nHost: a\r\nX-A: one\r\n two\r\n\r\n", pieceSize);

        assertThat(requests).singleElement().extracting(StrictRequestDecoderTest::cause)
                .isEqualTo(StrictRequestDecoder.OBSOLETE_FOLDING.getMessage());
    }

    @ParameterizedTest(name = "in pieces of {0} bytes")
    @ValueSource(ints = {1, 5, 1000})
    void bodyBytesThatLookLikeFoldingAreNotHeaders(int pieceSize) {
        String fixed = "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 8\r\n\r\nx\r\n y\r\n\tz";
        String chunked = "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n4\r\n\n \n\t\r\n0\r\n\r\n";
        String next = "GET /next HTTP/1.1\r\nHost: a\r\n\r\n";

        List<HttpRequest> requests = decode(fixed + chunked + next, pieceSize);

        assertThat(requests).extracting(StrictRequestDecoderTest::cause).containsExactly("ok", "ok", "ok");
        assertThat(requests.get(2).uri()).isEqualTo("/next");
    }

    @Test
    void foldingInOneRequestDoesNotTaintTheNext() {
        List<HttpRequest> requests = decode("GET /a HTTP/1.1\r\nHost: a\r\nX: 1\r\n 2\r\n\r\n"
                + "GET /b HTTP/1.1\r\nHost: a\r\n\r\n", 1000);

        assertThat(requests).extracting(StrictRequestDecoderTest::cause)
                .containsExactly(StrictRequestDecoder.OBSOLETE_FOLDING.getMessage(), "ok");
    }

    @Test
    void hostIsCountedPerRequestWhateverItsCase() {
        List<HttpRequest> requests = decode("GET /a HTTP/1.1\r\nhost: a\r\n\r\n"
                + "GET /b HTTP/1.1\r\nHOST: a\r\nHost: a\r\n\r\n"
                + "GET /c HTTP/1.1\r\n\r\n"
                + "GET /d HTTP/1.0\r\n\r\n", 1000);

        assertThat(requests).extracting(StrictRequestDecoderTest::cause).containsExactly("ok",
                StrictRequestDecoder.DUPLICATE_HOST.getMessage(), StrictRequestDecoder.MISSING_HOST.getMessage(), "ok");
    }

    @Test
    void hostInTrailersCountsForNobody() {
        List<HttpRequest> requests = decode("POST /a HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "0\r\nHost: b\r\n\r\n"
                + "GET /b HTTP/1.1\r\nHost: a\r\n\r\n", 1000);

        assertThat(requests).extracting(StrictRequestDecoderTest::cause).containsExactly("ok", "ok");
    }

    @Test
    void everyRequestMethodIsQueuedForTheResponseEncoder() {
        decode("HEAD /a HTTP/1.1\r\nHost: a\r\n\r\nGET /b HTTP/1.1\r\nHost: a\r\n\r\n", 1000);

        assertThat(methods).containsExactly(HttpMethod.HEAD, HttpMethod.GET);
    }
}
