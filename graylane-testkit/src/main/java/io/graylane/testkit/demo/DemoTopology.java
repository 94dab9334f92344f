package io.graylane.testkit.demo;

import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The instances of {@code docs/examples/demo.yaml}, each a {@link DemoUpstream} on loopback:
 * {@code frontend-v1} (port 18081) and {@code frontend-v2} (18082) of service {@code frontend}, which
 * calls {@code orders} through the gateway at {@code /orders}, and {@code orders-v1} (18083). The
 * {@code orders} canary is deliberately missing, so a canary request falls back to stable there.
 *
 * <p>For tests: {@code anyFreePorts()} and {@link #rewritePorts(String)}, which puts the ports
 * actually bound into the demo config's text.
 *
 * <pre>{@code
 * AtomicReference<URI> gateway = new AtomicReference<>();
 * try (DemoTopology demo = DemoTopology.builder().anyFreePorts().gateway(gateway::get).start()) {
 *     String config = demo.rewritePorts(demoYaml);   // then start a gateway with it on port 0
 *     gateway.set(URI.create("http://127.0.0.1:" + server.port()));
 * }
 * }</pre>
 *
 * Thread-safe; close it to stop every instance.
 */
public final class DemoTopology implements AutoCloseable {

    /** The demo config's port of {@code frontend-v1}. */
    public static final int FRONTEND_V1_PORT = 18081;
    /** The demo config's port of {@code frontend-v2}. */
    public static final int FRONTEND_V2_PORT = 18082;
    /** The demo config's port of {@code orders-v1}. */
    public static final int ORDERS_V1_PORT = 18083;

    private static final Pattern PORT_ENTRY = Pattern.compile("(\\bport\"?\\s*:\\s*)(\\d{1,5})\\b");

    private final Map<String, DemoUpstream> upstreams;
    private final Map<Integer, Integer> configPorts;

    private DemoTopology(Map<String, DemoUpstream> upstreams, Map<Integer, Integer> configPorts) {
        this.upstreams = Collections.unmodifiableMap(upstreams);
        this.configPorts = Map.copyOf(configPorts);
    }

    /** A builder with the demo config's ports and the gateway at {@code http://127.0.0.1:8080}. */
    public static Builder builder() {
        return new Builder();
    }

    /** The instances by id, in the order {@code frontend-v1}, {@code frontend-v2}, {@code orders-v1}. */
    public Map<String, DemoUpstream> upstreams() {
        return upstreams;
    }

    /**
     * The instance {@code id}.
     *
     * @throws IllegalArgumentException when there is none
     */
    public DemoUpstream upstream(String id) {
        DemoUpstream u = upstreams.get(id);
        if (u == null) {
            throw new IllegalArgumentException("id: " + id + " (expected: one of " + upstreams.keySet() + ")");
        }
        return u;
    }

    /** The port each instance listens on, by id. */
    public Map<String, Integer> ports() {
        Map<String, Integer> ports = new LinkedHashMap<>();
        upstreams.forEach((id, u) -> ports.put(id, u.port()));
        return Collections.unmodifiableMap(ports);
    }

    /**
     * The demo config's text with each instance's configured port ({@code port: 18081}, also JSON's
     * {@code "port": 18081}) replaced by the port it actually listens on, in one pass (so a new port
     * that equals another instance's old one is not replaced twice). Other text is left as it is.
     */
    public String rewritePorts(String configText) {
        return rewritePorts(configText, configPorts);
    }

    /** {@link #rewritePorts(String)} with the mapping from config port to actual port given. */
    static String rewritePorts(String configText, Map<Integer, Integer> configToActual) {
        Matcher m = PORT_ENTRY.matcher(configText);
        StringBuilder out = new StringBuilder(configText.length());
        while (m.find()) {
            Integer actual = configToActual.get(Integer.valueOf(m.group(2)));
            String replacement = actual == null ? m.group() : m.group(1) + actual;
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Stops every instance. Idempotent. */
    @Override
    public void close() {
        upstreams.values().forEach(DemoUpstream::close);
    }

    @Override
    public String toString() {
        return "demo topology " + upstreams.values();
    }

    /** Settings of a {@link DemoTopology}. Not thread-safe. */
    public static final class Builder {

        private int frontendV1 = FRONTEND_V1_PORT;
        private int frontendV2 = FRONTEND_V2_PORT;
        private int ordersV1 = ORDERS_V1_PORT;
        private Supplier<URI> gateway = () -> URI.create("http://127.0.0.1:8080");

        private Builder() {
        }

        /**
         * The ports of {@code frontend-v1}, {@code frontend-v2} and {@code orders-v1}; 0 picks a free one.
         */
        public Builder ports(int frontendV1, int frontendV2, int ordersV1) {
            this.frontendV1 = check("frontend-v1 port", frontendV1);
            this.frontendV2 = check("frontend-v2 port", frontendV2);
            this.ordersV1 = check("orders-v1 port", ordersV1);
            return this;
        }

        /** Every instance on a free port (for tests; see {@link DemoTopology#rewritePorts}). */
        public Builder anyFreePorts() {
            return ports(0, 0, 0);
        }

        /** The gateway {@code frontend} calls {@code orders} through. */
        public Builder gateway(URI gateway) {
            Objects.requireNonNull(gateway, "gateway");
            return gateway(() -> gateway);
        }

        /** The gateway {@code frontend} calls {@code orders} through, asked on every call (it may start later). */
        public Builder gateway(Supplier<URI> gateway) {
            this.gateway = Objects.requireNonNull(gateway, "gateway");
            return this;
        }

        /**
         * Starts the instances; when one cannot bind its port, those already started are stopped.
         *
         * @throws java.io.UncheckedIOException naming the instance and port that could not be bound
         */
        public DemoTopology start() {
            Map<String, DemoUpstream> started = new LinkedHashMap<>();
            Map<Integer, Integer> configPorts = new LinkedHashMap<>();
            try {
                add(started, configPorts, FRONTEND_V1_PORT, DemoUpstream.builder("frontend", "v1").port(frontendV1)
                        .downstream("orders", "/orders", gateway));
                add(started, configPorts, FRONTEND_V2_PORT, DemoUpstream.builder("frontend", "v2").port(frontendV2)
                        .downstream("orders", "/orders", gateway));
                add(started, configPorts, ORDERS_V1_PORT, DemoUpstream.builder("orders", "v1").port(ordersV1));
            } catch (RuntimeException e) {
                started.values().forEach(DemoUpstream::close);
                throw e;
            }
            return new DemoTopology(started, configPorts);
        }

        private static void add(Map<String, DemoUpstream> started, Map<Integer, Integer> configPorts, int configPort,
                                DemoUpstream.Builder builder) {
            DemoUpstream u = builder.start();
            started.put(u.id(), u);
            configPorts.put(configPort, u.port());
        }

        private static int check(String what, int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException(what + ": " + port + " (expected: 0..65535)");
            }
            return port;
        }
    }
}
