package io.graylane.gateway.proxy.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestEncoder;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway's own HTTP/1 codecs ({@link ServerCodec}, {@link ClientCodec}) write header blocks with
 * {@link HeaderBlock}: byte for byte what Netty's encoders write, however large the block; a response
 * to HEAD is still read without a body; and a message that arrived whole is passed on as one.
 */
class Http1CodecTest {

    /** What Netty's own request encoder writes for {@code request}. */
    private static String nettyBytes(DefaultFullHttpRequest request) {
        EmbeddedChannel ch = new EmbeddedChannel(new HttpRequestEncoder());
        ch.writeOutbound(request.retainedDuplicate());
        String s = drain(ch);
        ch.finishAndReleaseAll();
        return s;
    }

    private static String ourBytes(DefaultFullHttpRequest request) {
        EmbeddedChannel ch = new EmbeddedChannel(new ClientCodec(new HttpDecoderConfig()));
        ch.writeOutbound(request.retainedDuplicate());
        String s = drain(ch);
        ch.finishAndReleaseAll();
        return s;
    }

    private static String drain(EmbeddedChannel ch) {
        StringBuilder sb = new StringBuilder();
        Object o;
        while ((o = ch.readOutbound()) != null) {
            ByteBuf b = (ByteBuf) o;
            sb.append(b.toString(StandardCharsets.ISO_8859_1));
            b.release();
        }
        return sb.toString();
    }

    private static DefaultFullHttpRequest request(HttpHeaders headers) {
        DefaultFullHttpRequest r = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/orders?id=7",
                Unpooled.copiedBuffer("body", StandardCharsets.US_ASCII));
        r.headers().set(headers);
        return r;
    }

    @Test
    void writesWhatNettyWritesForStringAndAsciiStringFields() {
        HttpHeaders h = new DefaultHttpHeaders();
        h.add("Host", "orders.internal:8080");
        h.add(AsciiString.cached("x-forwarded-for"), "10.0.0.1, 127.0.0.1");
        h.add("X-Lane", new AsciiString("canary"));
        h.add("Content-Length", "4");
        h.add("Empty", "");
        h.add("x-obs-text", "caf\u00e9"); // obs-text (0x80-0xFF) goes out as one byte
        DefaultFullHttpRequest r = request(h);

        String ours = ourBytes(r);

        assertThat(ours).isEqualTo(nettyBytes(r)).startsWith("POST /orders?id=7 HTTP/1.1\r\nHost: orders.internal:8080\r\n")
                .contains("x-forwarded-for: 10.0.0.1, 127.0.0.1\r\nX-Lane: canary\r\n").endsWith("\r\n\r\nbody");
        r.release();
    }

    @Test
    void aCharacterAboveFfIsAQuestionMarkLikeNettys() {
        HttpHeaders h = new DefaultHttpHeaders();
        h.add("Host", "a");
        h.add("X-Name", "\u0100\u010a\u4e2d"); // low bytes would be 0x00, 0x0A (a line feed), 0x2D
        DefaultFullHttpRequest r = request(h);

        String ours = ourBytes(r);

        assertThat(ours).isEqualTo(nettyBytes(r)).contains("X-Name: ???\r\n");
        r.release();
    }

    @Test
    void aBlockLargerThanTheScratchArrayIsWrittenInPieces() {
        HttpHeaders h = new DefaultHttpHeaders();
        h.add("Host", "a");
        for (int i = 0; i < 300; i++) { // ~ 300 x 40 bytes: several scratch arrays' worth
            h.add("X-Field-" + i, "value-" + "v".repeat(i % 40));
        }
        h.add("X-Huge", "h".repeat(HeaderBlock.SCRATCH_BYTES * 2)); // one field larger than the scratch array
        h.add("X-After", "last");
        DefaultFullHttpRequest r = request(h);

        String ours = ourBytes(r);

        assertThat(ours.length()).isGreaterThan(HeaderBlock.SCRATCH_BYTES * 3);
        assertThat(ours).isEqualTo(nettyBytes(r)).contains("X-Field-299: value-").contains("\r\nX-After: last\r\n\r\nbody");
        r.release();
    }

    @Test
    void theServerCodecWritesResponseHeadsLikeNettys() {
        HttpResponse res = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        res.headers().add("Content-Length", "2").add("Server", "nginx").add(AsciiString.cached("x-graylane-lane"), "v2");
        EmbeddedChannel ours = new EmbeddedChannel(new ServerCodec(new ProxyOptions(8192, 16384, 2000,
                TimeUnit.SECONDS.toNanos(30), TimeUnit.SECONDS.toNanos(60), TimeUnit.SECONDS.toNanos(30), 8, false,
                Clock.systemUTC())));
        EmbeddedChannel netty = new EmbeddedChannel(new io.netty.handler.codec.http.HttpResponseEncoder());

        ours.writeOutbound(res);
        netty.writeOutbound(new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, res.headers().copy()));

        assertThat(drain(ours)).isEqualTo(drain(netty))
                .isEqualTo("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nServer: nginx\r\nx-graylane-lane: v2\r\n\r\n");
        ours.finishAndReleaseAll();
        netty.finishAndReleaseAll();
    }

    /** Sends {@code method} upstream and feeds {@code response} back; returns what was decoded. */
    private static List<HttpObject> exchange(EmbeddedChannel ch, HttpMethod method, String response) {
        ch.writeOutbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, "/"));
        ReferenceCountUtil.release(ch.readOutbound());
        ch.writeInbound(Unpooled.copiedBuffer(response, StandardCharsets.ISO_8859_1));
        List<HttpObject> out = new ArrayList<>();
        Object o;
        while ((o = ch.readInbound()) != null) {
            out.add((HttpObject) o);
        }
        return out;
    }

    @Test
    void aResponseToHeadHasNoBodyWhateverItsHeadersSay() {
        EmbeddedChannel ch = new EmbeddedChannel(new ClientCodec(new HttpDecoderConfig()));

        List<HttpObject> head = exchange(ch, HttpMethod.HEAD, "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n");
        List<HttpObject> get = exchange(ch, HttpMethod.GET, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");

        assertThat(head).singleElement().isInstanceOf(FullHttpResponse.class)
                .satisfies(c -> assertThat(((HttpContent) c).content().readableBytes()).isZero());
        assertThat(((HttpResponse) head.get(0)).headers().get("Content-Length")).isEqualTo("1000");
        // The next response on the same connection is read with its body: the pairing did not slip.
        assertThat(get).last().satisfies(c -> assertThat(((HttpContent) c).content().toString(StandardCharsets.US_ASCII))
                .isEqualTo("ok"));
        head.forEach(ReferenceCountUtil::release);
        get.forEach(ReferenceCountUtil::release);
        ch.finishAndReleaseAll();
    }

    @Test
    void anInformationalResponseDoesNotTakeTheRequestsPlace() {
        EmbeddedChannel ch = new EmbeddedChannel(new ClientCodec(new HttpDecoderConfig()));

        List<HttpObject> out = exchange(ch, HttpMethod.HEAD,
                "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n");

        assertThat(out).filteredOn(o -> o instanceof HttpResponse).extracting(o -> ((HttpResponse) o).status().code())
                .containsExactly(100, 200);
        assertThat(out).last().isInstanceOf(LastHttpContent.class)
                .satisfies(c -> assertThat(((HttpContent) c).content().readableBytes()).isZero());
        out.forEach(ReferenceCountUtil::release);
        ch.finishAndReleaseAll();
    }

    @Test
    void commonResponseFieldNamesKeepTheirSpelling() {
        EmbeddedChannel ch = new EmbeddedChannel(new ClientCodec(new HttpDecoderConfig()));

        List<HttpObject> out = exchange(ch, HttpMethod.GET,
                "HTTP/1.1 200 OK\r\nSERVER: x\r\ncontent-length: 0\r\nDate: Thu\r\nX-Other: y\r\n\r\n");

        HttpResponse res = (HttpResponse) out.get(0);
        List<String> names = new ArrayList<>();
        res.headers().iteratorCharSequence().forEachRemaining(e -> names.add(e.getKey().toString()));
        assertThat(names).containsExactly("SERVER", "content-length", "Date", "X-Other");
        out.forEach(ReferenceCountUtil::release);
        ch.finishAndReleaseAll();
    }

    @Test
    void aResponseReadWholeIsOneMessageAndOneInPiecesIsNot() {
        EmbeddedChannel ch = new EmbeddedChannel(new ClientCodec(new HttpDecoderConfig()));

        List<HttpObject> whole = exchange(ch, HttpMethod.GET, "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello");
        List<HttpObject> empty = exchange(ch, HttpMethod.GET, "HTTP/1.1 204 No Content\r\n\r\n");
        List<HttpObject> headFirst = exchange(ch, HttpMethod.GET, "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhe");
        ch.writeInbound(Unpooled.copiedBuffer("llo", StandardCharsets.US_ASCII));
        List<HttpObject> rest = new ArrayList<>();
        for (Object o; (o = ch.readInbound()) != null; ) {
            rest.add((HttpObject) o);
        }

        assertThat(whole).singleElement().isInstanceOf(FullHttpResponse.class)
                .satisfies(r -> assertThat(((FullHttpResponse) r).content().toString(StandardCharsets.US_ASCII))
                        .isEqualTo("hello"));
        assertThat(empty).singleElement().isInstanceOf(FullHttpResponse.class);
        assertThat(headFirst).hasSize(2).first().isNotInstanceOf(FullHttpResponse.class);
        assertThat(headFirst.get(1)).isNotInstanceOf(LastHttpContent.class);
        assertThat(rest).singleElement().isInstanceOf(LastHttpContent.class);
        whole.forEach(ReferenceCountUtil::release);
        empty.forEach(ReferenceCountUtil::release);
        headFirst.forEach(ReferenceCountUtil::release);
        rest.forEach(ReferenceCountUtil::release);
        ch.finishAndReleaseAll();
    }

    @Test
    void aRequestWithoutBodyIsOneMessageAndOneWithABodyIsNot() {
        EmbeddedChannel ch = new EmbeddedChannel(new StrictRequestDecoder(new HttpDecoderConfig(), new ArrayDeque<>()));

        ch.writeInbound(Unpooled.copiedBuffer("GET /a HTTP/1.1\r\nHost: h\r\n\r\n"
                + "POST /b HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\nok"
                + "GET /c HTTP/1.1\r\n\r\n", StandardCharsets.US_ASCII));
        List<Object> out = new ArrayList<>();
        for (Object o; (o = ch.readInbound()) != null; ) {
            out.add(o);
        }

        assertThat(out).hasSize(5);
        assertThat(out.get(0)).isInstanceOf(FullHttpRequest.class)
                .satisfies(r -> assertThat(((FullHttpRequest) r).uri()).isEqualTo("/a"));
        assertThat(out.get(1)).isInstanceOf(HttpRequest.class).isNotInstanceOf(FullHttpRequest.class);
        assertThat(out.get(2)).isInstanceOf(LastHttpContent.class);
        // A request the decoder marked as failed (no Host) is not merged: it is answered 400, not forwarded.
        assertThat(out.get(3)).isInstanceOf(HttpRequest.class).isNotInstanceOf(FullHttpRequest.class)
                .satisfies(r -> assertThat(((HttpRequest) r).decoderResult().isFailure()).isTrue());
        assertThat(out.get(4)).isSameAs(LastHttpContent.EMPTY_LAST_CONTENT);
        out.forEach(ReferenceCountUtil::release);
        ch.finishAndReleaseAll();
    }
}
