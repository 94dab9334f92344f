package io.graylane.gateway.proxy.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The client-facing encoder writes response heads byte for byte as Netty's own encoder does. */
class ServerCodecTest {

    private static final ProxyOptions OPTIONS = new ProxyOptions(8192, 16384, 2000, TimeUnit.SECONDS.toNanos(30),
            TimeUnit.SECONDS.toNanos(60), TimeUnit.SECONDS.toNanos(30), 8, false, Clock.systemUTC());

    @Test
    void headersAreWrittenAsNettyWritesThem() {
        String longValue = "v".repeat(1000) + "é";
        byte[] ours = encode(new EmbeddedChannel(new ServerCodec(OPTIONS)), longValue);
        byte[] netty = encode(new EmbeddedChannel(new HttpResponseEncoder()), longValue);

        assertThat(new String(ours, java.nio.charset.StandardCharsets.ISO_8859_1))
                .contains("x-long: " + longValue + "\r\n")
                .contains("x-wide: a?b\r\n")
                .contains("Server: nginx/1.22.1\r\n");
        assertThat(ours).isEqualTo(netty);
    }

    private static byte[] encode(EmbeddedChannel ch, String longValue) {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                io.netty.buffer.Unpooled.copiedBuffer("body", java.nio.charset.StandardCharsets.US_ASCII),
                DefaultHttpHeadersFactory.headersFactory().withValidation(false),
                DefaultHttpHeadersFactory.trailersFactory());
        r.headers().add("Server", "nginx/1.22.1");
        r.headers().add(AsciiString.cached("content-type"), AsciiString.cached("text/plain"));
        r.headers().add("Date", "Thu, 26 Nov 2026 22:37:28 GMT");
        r.headers().add("x-long", longValue);
        r.headers().add("x-wide", "a\u20acb"); // a char above 0xFF
        r.headers().add("x-empty", "");
        r.headers().add("content-length", "4");
        assertThat(ch.writeOutbound(r)).isTrue();
        ByteBuf out = io.netty.buffer.Unpooled.buffer();
        Object o;
        while ((o = ch.readOutbound()) != null) {
            if (o instanceof ByteBuf b) {
                out.writeBytes(b);
            }
            ReferenceCountUtil.release(o);
        }
        ch.finishAndReleaseAll();
        byte[] bytes = new byte[out.readableBytes()];
        out.readBytes(bytes);
        out.release();
        return bytes;
    }
}
