package io.graylane.gateway.proxy.internal;

import io.graylane.config.ConfigLoader;
import io.graylane.config.Format;
import io.graylane.core.engine.LaneEngine;
import io.graylane.gateway.middleware.BuiltinMiddleware;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The first bytes of a connection choose its pipeline, however they are split across reads. */
class ProtocolDetectorTest {

    private static EventLoopGroup group;
    private static ProxyRuntime runtime;

    @BeforeAll
    static void start() {
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        LaneEngine engine = LaneEngine.create(new ConfigLoader(Map.<String, String>of()::get)
                .parse("lanes: {stable: {}}\ncoloring: {defaultLane: stable}\n", Format.YAML, "t.yaml"));
        ProxyOptions options = new ProxyOptions(8192, 16384, 2000, TimeUnit.SECONDS.toNanos(30),
                TimeUnit.SECONDS.toNanos(60), TimeUnit.SECONDS.toNanos(30), 8, false, Clock.systemUTC());
        runtime = new ProxyRuntime(new SnapshotHolder(engine, new BuiltinMiddleware().registry()), options, group,
                NioSocketChannel.class);
    }

    @AfterAll
    static void stop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    private static EmbeddedChannel connection() {
        return new EmbeddedChannel(runtime.clientInitializer());
    }

    private static void feed(EmbeddedChannel ch, byte[] bytes, int from, int to, int pieceSize) {
        for (int i = from; i < to; i += pieceSize) {
            ch.writeInbound(Unpooled.wrappedBuffer(bytes, i, Math.min(pieceSize, to - i)));
        }
    }

    private static String written(EmbeddedChannel ch) {
        StringBuilder sb = new StringBuilder();
        Object o;
        while ((o = ch.readOutbound()) != null) {
            if (o instanceof ByteBuf b) {
                sb.append(b.toString(StandardCharsets.ISO_8859_1));
            }
            ReferenceCountUtil.release(o);
        }
        return sb.toString();
    }

    @ParameterizedTest(name = "[{index}] pieces of {0} bytes")
    @ValueSource(ints = {1, 3, 7, 100})
    void anHttp1RequestKeepsTheHttp1PipelineWithoutTheDetector(int pieceSize) {
        EmbeddedChannel ch = connection();
        byte[] request = "GET /nowhere HTTP/1.1\r\nHost: test\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);

        feed(ch, request, 0, request.length, pieceSize);

        assertThat(ch.pipeline().get(ProtocolDetector.class)).isNull();
        assertThat(ch.pipeline().get(ServerCodec.class)).isNotNull();
        assertThat(ch.pipeline().get(ProxyHandler.class)).isNotNull();
        assertThat(ch.pipeline().get(Http2FrameCodec.class)).isNull();
        assertThat(written(ch)).startsWith("HTTP/1.1 404").contains("no route for host 'test'");
        ch.finishAndReleaseAll();
    }

    @ParameterizedTest(name = "[{index}] pieces of {0} bytes")
    @ValueSource(ints = {1, 5, 23, 24})
    void thePrefaceSwitchesToHttp2OnlyOnceItIsComplete(int pieceSize) {
        EmbeddedChannel ch = connection();
        byte[] preface = ProtocolDetector.PREFACE;

        feed(ch, preface, 0, preface.length - 1, pieceSize);
        assertThat(ch.pipeline().get(ProtocolDetector.class)).as("waiting for the last byte").isNotNull();
        assertThat(ch.pipeline().get(ServerCodec.class)).isNotNull();

        feed(ch, preface, preface.length - 1, preface.length, 1);
        assertThat(ch.pipeline().get(ProtocolDetector.class)).isNull();
        assertThat(ch.pipeline().get(ServerCodec.class)).isNull();
        assertThat(ch.pipeline().get(ProxyHandler.class)).isNull();
        assertThat(ch.pipeline().get(Http2FrameCodec.class)).isNotNull();
        assertThat(ch.pipeline().get(H2ServerConnection.class)).isNotNull();
        assertThat(ch.pipeline().get(IdleStateHandler.class)).isNotNull();
        String out = written(ch);
        // The server's SETTINGS frame: a 3-byte length, then type 0x4.
        assertThat(out.length()).isGreaterThanOrEqualTo(9);
        assertThat(out.charAt(3)).isEqualTo((char) 0x4);
        ch.finishAndReleaseAll();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"PRI * HTTP/1.1\r\nHost: test\r\n\r\n", "POST / HTTP/1.1\r\n", "P"})
    void aPrefixThatLeavesThePrefaceIsHttp1(String start) {
        EmbeddedChannel ch = connection();
        byte[] bytes = start.getBytes(StandardCharsets.ISO_8859_1);

        feed(ch, bytes, 0, bytes.length, 1);

        boolean diverged = !new String(ProtocolDetector.PREFACE, StandardCharsets.ISO_8859_1).startsWith(start);
        assertThat(ch.pipeline().get(ProtocolDetector.class) == null).isEqualTo(diverged);
        assertThat(ch.pipeline().get(Http2FrameCodec.class)).isNull();
        ch.finishAndReleaseAll();
    }
}
