package io.graylane.gateway.cli;

import io.graylane.gateway.proxy.GatewayServerBuilder;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The timeouts and limits of {@code gateway} (docs/gateway.md, "Timeouts and limits"): each option sets
 * the {@link GatewayServerBuilder} setting of the same meaning, and an option not given leaves the
 * builder's default. Durations are parsed when the options are checked; ranges are the builder's own,
 * reported under the option's name.
 */
final class LimitOptions {

    @Option(names = "--connect-timeout", paramLabel = "DURATION",
            description = "How long opening an upstream connection may take; then 504 (default: 2s).")
    String connectTimeout;

    @Option(names = "--response-header-timeout", paramLabel = "DURATION",
            description = "How long an upstream may take, once the request is sent, to send its response headers; then 504 (default: 30s).")
    String responseHeaderTimeout;

    @Option(names = "--client-idle-timeout", paramLabel = "DURATION",
            description = "How long an idle keep-alive client connection stays open (default: 60s).")
    String clientIdleTimeout;

    @Option(names = "--upstream-idle-timeout", paramLabel = "DURATION",
            description = "How long an idle pooled upstream connection stays open (default: 30s).")
    String upstreamIdleTimeout;

    @Option(names = "--max-header-size", paramLabel = "BYTES",
            description = "Largest request header block; a larger one is answered 431 (default: 16384).")
    Integer maxHeaderSize;

    @Option(names = "--max-request-line", paramLabel = "BYTES",
            description = "Longest request line; a longer one is answered 414 (default: 8192).")
    Integer maxRequestLine;

    @Option(names = "--max-idle-per-upstream", paramLabel = "N",
            description = "Idle keep-alive connections kept per upstream address and event loop; 0 turns pooling off (default: 64).")
    Integer maxIdlePerUpstream;

    @Option(names = "--h2-max-concurrent-streams", paramLabel = "N",
            description = "Streams an HTTP/2 client may have open at once on one connection (default: 128).")
    Integer h2MaxConcurrentStreams;

    @Option(names = "--h2-max-streams-per-upstream", paramLabel = "N",
            description = "Streams at once on one h2c upstream connection; past it another opens (default: 100).")
    Integer h2MaxStreamsPerUpstream;

    @Option(names = "--chain-drain-deadline", paramLabel = "DURATION",
            description = "How long a replaced middleware chain may drain before it is closed anyway; its requests still finish (default: 30s).")
    String chainDrainDeadline;

    private final List<Consumer<GatewayServerBuilder>> settings = new ArrayList<>();

    /**
     * Parses the durations given.
     *
     * @throws IllegalArgumentException naming the option at fault
     */
    void check() {
        settings.clear();
        duration("--connect-timeout", connectTimeout, "connectTimeout", GatewayServerBuilder::connectTimeout);
        duration("--response-header-timeout", responseHeaderTimeout, "responseHeaderTimeout",
                GatewayServerBuilder::responseHeaderTimeout);
        duration("--client-idle-timeout", clientIdleTimeout, "clientIdleTimeout", GatewayServerBuilder::clientIdleTimeout);
        duration("--upstream-idle-timeout", upstreamIdleTimeout, "upstreamIdleTimeout",
                GatewayServerBuilder::upstreamIdleTimeout);
        duration("--chain-drain-deadline", chainDrainDeadline, "drainDeadline", GatewayServerBuilder::drainDeadline);
        count("--max-header-size", maxHeaderSize, "maxHeaderSize", GatewayServerBuilder::maxHeaderSize);
        count("--max-request-line", maxRequestLine, "maxInitialLineLength", GatewayServerBuilder::maxInitialLineLength);
        count("--max-idle-per-upstream", maxIdlePerUpstream, "maxIdleConnectionsPerUpstream",
                GatewayServerBuilder::maxIdleConnectionsPerUpstream);
        count("--h2-max-concurrent-streams", h2MaxConcurrentStreams, "http2MaxConcurrentStreams",
                GatewayServerBuilder::http2MaxConcurrentStreams);
        count("--h2-max-streams-per-upstream", h2MaxStreamsPerUpstream, "http2MaxStreamsPerUpstreamConnection",
                GatewayServerBuilder::http2MaxStreamsPerUpstreamConnection);
    }

    /**
     * Sets what was given on {@code b}.
     *
     * @throws IllegalArgumentException naming the option whose value is out of the builder's range
     */
    GatewayServerBuilder configure(GatewayServerBuilder b) {
        for (Consumer<GatewayServerBuilder> setting : settings) {
            setting.accept(b);
        }
        return b;
    }

    private void duration(String option, String text, String setting, BiConsumer<GatewayServerBuilder, Duration> set) {
        if (text != null) {
            Duration d = DurationOption.parse(option, text);
            settings.add(b -> under(option, setting, () -> set.accept(b, d)));
        }
    }

    private void count(String option, Integer value, String setting, BiConsumer<GatewayServerBuilder, Integer> set) {
        if (value != null) {
            settings.add(b -> under(option, setting, () -> set.accept(b, value)));
        }
    }

    /** Runs a builder setter, its complaint ({@code connectTimeout: 0s (expected: > 0)}) put under the option's name. */
    private static void under(String option, String setting, Runnable set) {
        try {
            set.run();
        } catch (IllegalArgumentException e) {
            String message = String.valueOf(e.getMessage());
            String detail = message.startsWith(setting + ": ") ? message.substring(setting.length() + 2) : message;
            throw new IllegalArgumentException(option + ": " + detail, e);
        }
    }
}
