package io.graylane.gateway.proxy.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.ReferenceCountUtil;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link RequestHeads} against {@link StrictRequestDecoder} without it (Netty's decoder and the
 * gateway's checks): whatever the fast path takes, the strict path takes and decodes to the same
 * message; and the decoder uses it only between messages, never after a refused one.
 */
class RequestHeadsTest {

    // Each pool: the plain choices first (PLAIN_* of them), then the odd ones.
    private static final String[] METHODS = {"GET", "HEAD", "DELETE", "OPTIONS", "POST", "PUT", "CONNECT", "TRACE",
            "get", "GE T", "PATCH"};
    private static final String[] TARGETS = {"/", "/orders/42", "/a?b=c&d=e", "/x%20y", "*", "http://h.example/p",
            "/#frag", "/\"q\"", "/with space", "/ctl\u0001", "/caf\u00e9", ""};
    private static final String[] VERSIONS = {"HTTP/1.1", "HTTP/1.0", "HTTP/1.2", "HTTP/2", "http/1.1", "HTTP/1.1 "};
    private static final String[] NAMES = {"User-Agent", "Accept", "X-User-Group", "Cookie", "X-Request-Id",
            "Authorization", "Connection", "baggage", "Bad Name", "X(Y)", "", "\u00dc-Name", "X-Trailing "};
    private static final String[] SEPARATORS = {": ", ":", ":  ", ":\t", " : ", ":\u000b"};
    private static final String[] VALUES = {"wrk", "*/*", "beta", "a=1; b=2", "keep-alive", "close",
            "Bearer x.y.z", "", " padded ", "a\tb", "x".repeat(500), "caf\u00e9", "ctl\u0001", "del\u007f"};
    private static final String[] HOSTS = {"Host: 127.0.0.1:28482", "host: example.com", "HOST:h", "Host: ",
            "Host : h", "Host: a b"};
    private static final String[] EOLS = {"\r\n", "\n", "\r", "\n\r"};
    private static final int PLAIN_METHODS = 4;
    private static final int PLAIN_TARGETS = 8;
    private static final int PLAIN_VERSIONS = 2;
    private static final int PLAIN_NAMES = 8;
    private static final int PLAIN_SEPARATORS = 4;
    private static final int PLAIN_VALUES = 10;
    private static final int PLAIN_HOSTS = 4;

    @Test
    void takesOnlyWhatTheStrictPathTakesAndMakesTheSameMessageOfIt() {
        HeadInputs.compareOnRandomInputs(random -> {
            // Mostly the gateway's defaults; sometimes limits small enough to matter.
            int maxLine = random.nextInt(4) == 0 ? 20 + random.nextInt(60) : 8192;
            int maxHeader = random.nextInt(4) == 0 ? 20 + random.nextInt(300) : 16384;
            byte[] input = randomRequest(random);
            RequestHeads heads = new RequestHeads(HeaderNames.FACTORY, maxLine, maxHeader);
            return new HeadInputs.Trial<FullHttpRequest>(input, "limits " + maxLine + "/" + maxHeader + ", ", heads::decode,
                    (ours, consumed) -> assertSameAsStrictPath(input, ServerCodec.decoderConfig(maxLine, maxHeader), ours, consumed));
        });
    }

    private static void assertSameAsStrictPath(byte[] input, HttpDecoderConfig config, FullHttpRequest ours, int consumed) {
        ArrayDeque<HttpMethod> methods = new ArrayDeque<>();
        EmbeddedChannel strict = new EmbeddedChannel(new StrictRequestDecoder(config, methods, false));
        try {
            strict.writeInbound(Unpooled.wrappedBuffer(input));
            HttpObject first = strict.readInbound();
            assertThat(first).isInstanceOf(FullHttpRequest.class);
            FullHttpRequest theirs = (FullHttpRequest) first;
            assertThat(theirs.decoderResult().isSuccess()).as("the strict path took it too").isTrue();
            assertThat(ours.method()).isSameAs(theirs.method());
            assertThat(ours.uri()).isEqualTo(theirs.uri());
            assertThat(ours.protocolVersion()).isEqualTo(theirs.protocolVersion());
            assertThat(HeadInputs.fields(ours.headers())).isEqualTo(HeadInputs.fields(theirs.headers()));
            assertThat(ours.content().readableBytes()).isZero();
            assertThat(theirs.content().readableBytes()).isZero();
            assertThat(HeadInputs.fields(ours.trailingHeaders())).isEqualTo(HeadInputs.fields(theirs.trailingHeaders()));
            assertThat(consumed).isEqualTo(HeadInputs.headLength(input));
            ReferenceCountUtil.release(theirs);
        } finally {
            strict.finishAndReleaseAll();
        }
    }

    /** A request, plain or (for about half of them) with odd parts here and there, possibly cut short or followed by another. */
    private static byte[] randomRequest(SplittableRandom r) {
        HeadInputs.Picker p = new HeadInputs.Picker(r, r.nextBoolean() ? 0 : 0.1);
        StringBuilder s = new StringBuilder();
        s.append(p.pick(METHODS, PLAIN_METHODS)).append(p.odd() ? "  " : " ").append(p.pick(TARGETS, PLAIN_TARGETS))
                .append(p.odd() ? "\t" : " ").append(p.pick(VERSIONS, PLAIN_VERSIONS)).append(p.pick(EOLS, 1));
        int fields = r.nextInt(7);
        int hostAt = p.odd() ? -1 : r.nextInt(fields + 1);
        for (int f = 0; f <= fields; f++) {
            if (f == hostAt || p.odd()) {
                s.append(p.pick(HOSTS, PLAIN_HOSTS)).append(p.pick(EOLS, 1));
            }
            if (p.odd()) {
                s.append(r.nextBoolean() ? "Content-Length: " + r.nextInt(3) : "Transfer-Encoding: chunked").append("\r\n");
            }
            if (f == fields) {
                break;
            }
            s.append(p.pick(NAMES, PLAIN_NAMES)).append(p.pick(SEPARATORS, PLAIN_SEPARATORS))
                    .append(p.pick(VALUES, PLAIN_VALUES)).append(r.nextInt(10) == 0 ? " \t " : "").append(p.pick(EOLS, 1));
            if (p.odd()) {
                s.append("\tfolded continuation\r\n");
            }
        }
        HeadInputs.padSometimes(s, r);
        s.append(p.pick(EOLS, 1));
        if (r.nextInt(5) == 0) {
            s.append("GET /next HTTP/1.1\r\nHost: h\r\n\r\n");
        }
        return HeadInputs.cutShortSometimes(s, r);
    }

    @Test
    void aHeadEndingAnywhereAroundTheEndOfTheCopiedBytesIsReadWholeOrLeftAlone() {
        // The request line is what grows: its end moves across the end of the copied bytes.
        String fixed = "GET / HTTP/1.1\r\nHost: h\r\n\r\n";
        HeadInputs.acrossTheCopyEdge(
                length -> fixed.replace("GET /", "GET /" + "a".repeat(length - fixed.length())),
                new RequestHeads(HeaderNames.FACTORY, 65536, 65536)::decode,
                (length, request) -> assertThat(request.uri()).hasSize(length - fixed.length() + 1));
    }

    @Test
    void fieldsAndTargetsThatRepeatAreThePreviousRequestsObjects() {
        RequestHeads heads = new RequestHeads(HeaderNames.FACTORY, 8192, 16384);
        String one = "GET /orders HTTP/1.1\r\nHost: gw\r\nUser-Agent: curl/8\r\nX-User-Group: beta\r\n\r\n";
        FullHttpRequest a = heads.decode(bytes(one));
        FullHttpRequest b = heads.decode(bytes(one.replace("beta", "gamma")));

        assertThat(b.uri()).isSameAs(a.uri());
        assertThat(b.headers().get("Host")).isSameAs(a.headers().get("Host"));
        assertThat(b.headers().get("User-Agent")).isSameAs(a.headers().get("User-Agent"));
        assertThat(b.headers().get("X-User-Group")).isEqualTo("gamma");
        a.release();
        b.release();
    }

    @Test
    void theDecoderQueuesTheMethodAndLeavesBodiesAndRefusalsToTheStrictPath() {
        ArrayDeque<HttpMethod> methods = new ArrayDeque<>();
        EmbeddedChannel ch = new EmbeddedChannel(new StrictRequestDecoder(ServerCodec.decoderConfig(8192, 16384), methods));
        String plain = "GET / HTTP/1.1\r\nHost: gw\r\nUser-Agent: u\r\n\r\n";
        // Plain, then a POST with a body (Netty's path), then plain again, pipelined in one read.
        ch.writeInbound(bytes(plain + "POST / HTTP/1.1\r\nHost: gw\r\nUser-Agent: u\r\nContent-Length: 2\r\n\r\nhi"
                + plain.replace("GET", "HEAD")));
        List<HttpObject> out = drain(ch);

        List<HttpRequest> requests = out.stream().filter(o -> o instanceof HttpRequest).map(o -> (HttpRequest) o).toList();
        assertThat(requests).extracting(HttpRequest::method).containsExactly(HttpMethod.GET, HttpMethod.POST, HttpMethod.HEAD);
        assertThat(methods).containsExactly(HttpMethod.GET, HttpMethod.POST, HttpMethod.HEAD);
        // The fast path's remembered value is what the third request carries: it was used again after Netty's message.
        assertThat(requests.get(2).headers().get("User-Agent")).isSameAs(requests.get(0).headers().get("User-Agent"));
        out.forEach(ReferenceCountUtil::release);

        // A refused request (two Host fields) is marked failed, and what follows it is not taken by the fast path.
        ch.writeInbound(bytes("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n" + plain));
        List<HttpObject> after = drain(ch);
        assertThat(after.get(0).decoderResult().cause()).isSameAs(StrictRequestDecoder.DUPLICATE_HOST);
        HttpRequest next = (HttpRequest) after.get(after.size() - 1);
        assertThat(next.headers().get("User-Agent")).isNotSameAs(requests.get(0).headers().get("User-Agent"));
        after.forEach(ReferenceCountUtil::release);
        ch.finishAndReleaseAll();
    }

    private static List<HttpObject> drain(EmbeddedChannel ch) {
        List<HttpObject> out = new ArrayList<>();
        for (Object o; (o = ch.readInbound()) != null; ) {
            out.add((HttpObject) o);
        }
        return out;
    }

    private static ByteBuf bytes(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.ISO_8859_1);
    }
}
