package io.graylane.gateway.proxy.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ResponseHeads} against Netty's response decoder: whatever the fast path takes, Netty takes
 * and decodes to the same message; and {@link ClientCodec} uses it only where Netty is between messages.
 */
class ResponseHeadsTest {

    private static ResponseHeads heads() {
        return new ResponseHeads(HeaderNames.FACTORY, 512);
    }

    private static ByteBuf bytes(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.ISO_8859_1);
    }

    // Each pool: the plain choices first, then the odd ones (PLAIN_* says how many are plain).
    private static final String[] VERSIONS = {"HTTP/1.1", "HTTP/1.0", "HTTP/2.0", "http/1.1", "HTTP/1.10", "HTTP/1.1 "};
    private static final String[] CODES = {"200", "201", "404", "500", "503", "599", "204", "304", "100", "101", "199",
            "600", "999", "20", "2000", "2x0"};
    private static final String[] REASONS = {"OK", "Not Found", "Created", "Whatever It Is", "Internal Server Error",
            "Tab\tInside", "", " OK", "OK ", "OK\t", "Caf\u00e9", "A\u0001B"};
    private static final String[] NAMES = {"Server", "server", "Content-Type", "Date", "Connection", "X-Custom",
            "x-request-id", "Cache-Control", "Keep-Alive", "Set-Cookie", "Vary", "Bad Name", "X(Y)", "", "\u00dc-Name",
            "X-Trailing "};
    private static final String[] SEPARATORS = {": ", ":", ":  ", ":\t", " : ", ":\u000b"};
    private static final String[] VALUES = {"nginx/1.22.1", "text/plain", "keep-alive", "close",
            "Fri, 27 Nov 2026 04:30:00 GMT", "", " padded ", "a\tb", "x".repeat(300), "q=\"quoted, value\"", "\t",
            "caf\u00e9", "ctl\u0001", "del\u007f", "nul\u0000"};
    private static final String[] LENGTHS = {"+3", "03", "-1", "3,3", "", " 3", "1e2", "99999999999999999", "0x10"};
    private static final String[] EOLS = {"\r\n", "\n", "\r", "\n\r"};
    private static final int PLAIN_VERSIONS = 2;
    private static final int PLAIN_CODES = 6;
    private static final int PLAIN_REASONS = 6;
    private static final int PLAIN_NAMES = 11;
    private static final int PLAIN_SEPARATORS = 4;
    private static final int PLAIN_VALUES = 10;

    @Test
    void takesOnlyWhatNettyTakesAndMakesTheSameMessageOfIt() {
        HeadInputs.compareOnRandomInputs(random -> {
            byte[] input = randomResponse(random);
            ResponseHeads heads = heads();
            return new HeadInputs.Trial<FullHttpResponse>(input, "", in -> heads.decode(UnpooledByteBufAllocator.DEFAULT, in),
                    (ours, consumed) -> assertSameAsNetty(input, ours, consumed));
        });
    }

    private static void assertSameAsNetty(byte[] input, FullHttpResponse ours, int consumed) {
        EmbeddedChannel netty = new EmbeddedChannel(new HttpResponseDecoder(ClientCodec.upstreamConfig()));
        try {
            netty.writeInbound(Unpooled.wrappedBuffer(input));
            HttpObject first = netty.readInbound();
            assertThat(first).isInstanceOf(HttpResponse.class);
            HttpResponse head = (HttpResponse) first;
            assertThat(head.decoderResult().isSuccess()).as("Netty took it too").isTrue();
            assertThat(ours.protocolVersion()).isEqualTo(head.protocolVersion());
            assertThat(ours.status().code()).isEqualTo(head.status().code());
            assertThat(ours.status().reasonPhrase()).isEqualTo(head.status().reasonPhrase());
            assertThat(HeadInputs.fields(ours.headers())).isEqualTo(HeadInputs.fields(head.headers()));
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            HttpContent piece;
            do {
                piece = netty.readInbound();
                assertThat(piece).as("Netty's body ends where ours does").isNotNull();
                assertThat(piece.decoderResult().isSuccess()).isTrue();
                body.writeBytes(ByteBufUtil.getBytes(piece.content()));
                ReferenceCountUtil.release(piece);
            } while (!(piece instanceof LastHttpContent));
            assertThat(ByteBufUtil.getBytes(ours.content())).isEqualTo(body.toByteArray());
            assertThat(HeadInputs.fields(ours.trailingHeaders())).isEqualTo(HeadInputs.fields(((LastHttpContent) piece).trailingHeaders()));
            assertThat(consumed).isEqualTo(HeadInputs.headLength(input) + (int) HttpUtil.getContentLength(head));
        } finally {
            netty.finishAndReleaseAll();
        }
    }

    /** A response, plain or (for about half of them) with odd parts here and there, possibly cut short or followed by another. */
    private static byte[] randomResponse(SplittableRandom r) {
        HeadInputs.Picker p = new HeadInputs.Picker(r, r.nextBoolean() ? 0 : 0.12);
        StringBuilder s = new StringBuilder();
        s.append(p.pick(VERSIONS, PLAIN_VERSIONS)).append(p.odd() ? "  " : " ").append(p.pick(CODES, PLAIN_CODES));
        s.append(p.odd() ? "\t" : " ").append(p.pick(REASONS, PLAIN_REASONS)).append(p.pick(EOLS, 1));
        int bodyLength = r.nextInt(4) == 0 ? r.nextInt(2000) : r.nextInt(20);
        int fields = r.nextInt(9);
        int lengthAt = p.odd() ? -1 : r.nextInt(fields + 1);
        for (int f = 0; f <= fields; f++) {
            if (f == lengthAt || p.odd()) {
                s.append(r.nextBoolean() ? "Content-Length" : "content-length").append(r.nextBoolean() ? ":" : ": ")
                        .append(p.odd() ? LENGTHS[r.nextInt(LENGTHS.length)] : Integer.toString(bodyLength))
                        .append(r.nextInt(10) == 0 ? " " : "").append(p.pick(EOLS, 1));
            }
            if (f == fields) {
                break;
            }
            if (p.odd()) {
                s.append("Transfer-Encoding: ").append(r.nextBoolean() ? "chunked" : "identity").append("\r\n");
            }
            s.append(p.pick(NAMES, PLAIN_NAMES)).append(p.pick(SEPARATORS, PLAIN_SEPARATORS))
                    .append(p.pick(VALUES, PLAIN_VALUES)).append(r.nextInt(10) == 0 ? " \t " : "").append(p.pick(EOLS, 1));
            if (p.odd()) {
                s.append(" folded continuation\r\n");
            }
        }
        HeadInputs.padSometimes(s, r);
        s.append(p.pick(EOLS, 1));
        for (int b = 0; b < bodyLength; b++) {
            s.append((char) ('a' + r.nextInt(26)));
        }
        if (r.nextInt(5) == 0) {
            s.append("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
        }
        return HeadInputs.cutShortSometimes(s, r);
    }

    @Test
    void aHeadEndingAnywhereAroundTheEndOfTheCopiedBytesIsReadWholeOrLeftAlone() {
        // A field value is what grows: the head's end moves across the end of the copied bytes.
        String fixed = "HTTP/1.1 200 OK\r\nX: \r\nContent-Length: 0\r\n\r\n";
        ResponseHeads heads = heads();
        HeadInputs.acrossTheCopyEdge(
                length -> fixed.replace("X: ", "X: " + "v".repeat(length - fixed.length())),
                in -> heads.decode(UnpooledByteBufAllocator.DEFAULT, in),
                (length, response) -> assertThat(response.headers().get("X")).hasSize(length - fixed.length()));
    }

    @Test
    void fieldsThatRepeatAtTheirPlaceAreThePreviousResponsesObjects() {
        ResponseHeads heads = heads();
        String one = "HTTP/1.1 200 OK\r\nServer: nginx/1.22.1\r\nDate: Fri, 27 Nov 2026 04:30:00 GMT\r\n"
                + "X-Custom: same\r\nContent-Length: 2\r\n\r\nok";
        String two = one.replace("04:30:00", "04:30:01");
        FullHttpResponse a = heads.decode(UnpooledByteBufAllocator.DEFAULT, bytes(one));
        FullHttpResponse b = heads.decode(UnpooledByteBufAllocator.DEFAULT, bytes(two));

        assertThat(b.headers().get("Server")).isSameAs(a.headers().get("Server"));
        assertThat(b.headers().get("X-Custom")).isSameAs(a.headers().get("X-Custom"));
        assertThat(b.headers().get("Content-Length")).isSameAs(a.headers().get("Content-Length"));
        assertThat(b.headers().get("Date")).isEqualTo("Fri, 27 Nov 2026 04:30:01 GMT")
                .isNotEqualTo(a.headers().get("Date"));
        assertThat(b.content().toString(StandardCharsets.US_ASCII)).isEqualTo("ok");
        a.release();
        b.release();
    }

    @Test
    void aLargeBodyIsASliceOfTheReadBufferAndASmallOneACopy() {
        ResponseHeads heads = heads();
        String big = "x".repeat(600);
        ByteBuf in = bytes("HTTP/1.1 200 OK\r\nContent-Length: 600\r\n\r\n" + big
                + "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabc");

        FullHttpResponse first = heads.decode(UnpooledByteBufAllocator.DEFAULT, in);
        FullHttpResponse second = heads.decode(UnpooledByteBufAllocator.DEFAULT, in);

        assertThat(first.content().toString(StandardCharsets.US_ASCII)).isEqualTo(big);
        assertThat(first.content().unwrap()).isSameAs(in.unwrap() == null ? in : in.unwrap());
        assertThat(second.content().toString(StandardCharsets.US_ASCII)).isEqualTo("abc");
        assertThat(second.content().unwrap()).isNull();
        assertThat(in.isReadable()).isFalse();
        first.release();
        second.release();
        assertThat(in.refCnt()).as("the slice was released with its response").isEqualTo(1);
        in.release();
    }

    @Test
    void theCodecTakesTheFastPathOnlyBetweenMessagesNettyHasFinished() {
        EmbeddedChannel ch = new EmbeddedChannel(new ClientCodec(ClientCodec.upstreamConfig()));
        for (int i = 0; i < 4; i++) {
            ch.writeOutbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/"));
            ReferenceCountUtil.release(ch.readOutbound());
        }
        String plain = "HTTP/1.1 200 OK\r\nServer: up\r\nContent-Length: 2\r\n\r\nok";
        // Plain, then chunked (Netty's path), then plain twice, pipelined in one read.
        ch.writeInbound(bytes(plain + "HTTP/1.1 200 OK\r\nServer: up\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "2\r\nhi\r\n0\r\n\r\n" + plain + plain));
        List<HttpObject> out = new ArrayList<>();
        for (Object o; (o = ch.readInbound()) != null; ) {
            out.add((HttpObject) o);
        }

        List<HttpResponse> responses = out.stream().filter(o -> o instanceof HttpResponse).map(o -> (HttpResponse) o).toList();
        assertThat(responses).hasSize(4);
        assertThat(out.get(0)).isInstanceOf(FullHttpResponse.class);
        assertThat(out.get(out.size() - 1)).isInstanceOf(FullHttpResponse.class);
        // The fast path's remembered value is what the third and fourth responses carry: it was used again
        // after Netty's chunked message ended.
        String server = responses.get(0).headers().get("Server");
        assertThat(responses.get(2).headers().get("Server")).isSameAs(server);
        assertThat(responses.get(3).headers().get("Server")).isSameAs(server);
        assertThat(((FullHttpResponse) out.get(out.size() - 1)).content().toString(StandardCharsets.US_ASCII)).isEqualTo("ok");
        out.forEach(ReferenceCountUtil::release);
        ch.finishAndReleaseAll();
    }

    @Test
    void afterSwitchingProtocolsTheBytesAreNotReadAsHttp() {
        EmbeddedChannel ch = new EmbeddedChannel(new ClientCodec(ClientCodec.upstreamConfig()));
        ch.writeOutbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/"));
        ReferenceCountUtil.release(ch.readOutbound());

        ch.writeInbound(bytes("HTTP/1.1 101 Switching Protocols\r\nUpgrade: other\r\nConnection: upgrade\r\n\r\n"));
        ch.writeInbound(bytes("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"));
        List<Object> out = new ArrayList<>();
        for (Object o; (o = ch.readInbound()) != null; ) {
            out.add(o);
        }

        assertThat(((HttpResponse) out.get(0)).status().code()).isEqualTo(101);
        assertThat(out).last().isInstanceOf(ByteBuf.class).isNotInstanceOf(HttpObject.class);
        out.forEach(ReferenceCountUtil::release);
        ch.finishAndReleaseAll();
    }
}
