package io.graylane.bench.swap;

import io.graylane.consul.ConsulClient;
import io.graylane.consul.ConsulClientConfig;
import io.graylane.consul.WatchSettings;
import io.graylane.gateway.proxy.GatewayServer;
import io.graylane.gateway.run.ConsulEngineSource;
import io.graylane.gateway.run.EngineSnapshot;
import io.graylane.testkit.consul.ConsulSimulator;
import io.graylane.testkit.demo.DemoUpstream;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Time from a Consul KV write of a new config document to a running gateway serving requests with the
 * new chain. Wired as {@code graylane gateway --consul-key} wires it: a {@link ConsulEngineSource} on the
 * key (real HTTP to the Consul simulator) whose snapshots go to {@link GatewayServer#updateEngine}; the
 * gateway proxies {@code /orders} to a demo upstream. Each document's {@code header} middleware sets
 * {@value SwapConfigs#VERSION_HEADER} to the document's number; from the PUT until a response carries
 * the new number, a client thread sends requests over loopback, one every 0.2 ms at most (idle between
 * changes, so that it does not load the machine the watch runs on). Reported per change,
 * from just before the PUT is sent: (1) the swap listener returned (updateEngine done: new requests get
 * the new chain), (2) the first response with the new header was received (an upper bound: that
 * request may have been sent after the swap by up to one round trip). Run by hand:
 * <pre>
 * java -cp graylane-bench/target/benchmarks.jar io.graylane.bench.swap.KvToLiveLatency [changes] [pauseMillis] [ratePerSecond]
 * </pre>
 * Defaults: 210 changes, 1100 ms apart, the watch's default re-query rate (1/s, burst 2).
 */
public final class KvToLiveLatency {

    private static final String KEY = "graylane/bench/gateway";

    private KvToLiveLatency() {
    }

    public static void main(String[] args) throws Exception {
        int changes = args.length > 0 ? Integer.parseInt(args[0]) : 210;
        long pauseMillis = args.length > 1 ? Long.parseLong(args[1]) : 1100;
        double rate = args.length > 2 ? Double.parseDouble(args[2]) : WatchSettings.DEFAULT.ratePerSecond();
        Map<String, Long> swappedAt = new ConcurrentHashMap<>();
        Map<String, Long> seenAt = new ConcurrentHashMap<>();
        AtomicLong polls = new AtomicLong();
        try (DemoUpstream upstream = DemoUpstream.builder("orders", "v1").start();
             ConsulSimulator sim = ConsulSimulator.start()) {
            int port = upstream.port();
            ConsulClient client = ConsulClient.create(ConsulClientConfig.builder().address(sim.address()).build());
            client.kvPut(KEY, SwapConfigs.document("0", port, null));
            ConsulEngineSource source = ConsulEngineSource.fromConsulKey(KEY)
                    .consulAddress(sim.address().toString())
                    .stateDirectory(Files.createTempDirectory("graylane-kv-bench-state"))
                    .environment(name -> null)
                    .watchSettings(WatchSettings.DEFAULT.toBuilder().ratePerSecond(rate).build())
                    .build();
            EngineSnapshot first = source.load();
            try (GatewayServer server = GatewayServer.builder(first.engine()).bindAddress("127.0.0.1").port(0)
                    .middlewareRegistry(SwapConfigs.gatewayRegistry()).build().start()) {
                source.watch(snapshot -> {
                    server.updateEngine(snapshot.engine());
                    long now = System.nanoTime();
                    // A Consul snapshot's version is "modifyIndex/first 8 hex digits of the document's SHA-256".
                    String v = snapshot.version();
                    swappedAt.putIfAbsent(v.substring(v.indexOf('/') + 1), now);
                });
                AtomicBoolean running = new AtomicBoolean(true);
                AtomicReference<String> awaited = new AtomicReference<>();
                URI target = URI.create("http://127.0.0.1:" + server.port() + "/orders/x");
                Thread poller = new Thread(() -> poll(target, running, awaited, seenAt, polls), "kv-bench-poller");
                poller.setDaemon(true);
                poller.start();
                long[] toSwap = new long[changes];
                long[] toServed = new long[changes];
                int missed = 0;
                for (int i = 1; i <= changes; i++) {
                    String doc = SwapConfigs.document(Integer.toString(i), port, null);
                    String version = EngineSnapshot.contentVersion(doc).substring(0, 8);
                    String number = Integer.toString(i);
                    long before = System.nanoTime();
                    awaited.set(number);
                    client.kvPut(KEY, doc);
                    long deadline = before + 10_000_000_000L;
                    while ((!swappedAt.containsKey(version) || !seenAt.containsKey(number)) && System.nanoTime() < deadline) {
                        Thread.sleep(1);
                    }
                    awaited.set(null);
                    Long swapped = swappedAt.get(version);
                    Long seen = seenAt.get(number);
                    if (swapped == null || seen == null) {
                        missed++;
                        toSwap[i - 1] = Long.MAX_VALUE;
                        toServed[i - 1] = Long.MAX_VALUE;
                    } else {
                        toSwap[i - 1] = swapped - before;
                        toServed[i - 1] = seen - before;
                    }
                    Thread.sleep(pauseMillis);
                }
                running.set(false);
                poller.join(5_000);
                System.out.printf("java %s, changes=%d pause=%dms rate=%.1f/s missed=%d polls=%d%n",
                        System.getProperty("java.version"), changes, pauseMillis, rate, missed, polls.get());
                System.out.printf("PUT sent -> swapped (updateEngine returned):   %s%n", new Percentiles(toSwap).line());
                System.out.printf("PUT sent -> first response with new header:   %s%n", new Percentiles(toServed).line());
                System.out.printf("reloads: %s%n", source.reloads());
                // The slowest changes, in order of occurrence: whether slow ones come in runs or alone, and when.
                System.out.printf("slowest changes (number: ms to swapped / to served): %s%n", slowest(toSwap, toServed, 8));
            } finally {
                source.close();
            }
        }
    }

    private static String slowest(long[] toSwap, long[] toServed, int count) {
        return java.util.stream.IntStream.range(0, toServed.length).boxed()
                .sorted((a, b) -> Long.compare(toServed[b], toServed[a])).limit(count).sorted()
                .map(i -> String.format("#%d: %.1f / %.1f", i + 1, toSwap[i] / 1e6, toServed[i] / 1e6))
                .collect(java.util.stream.Collectors.joining(", "));
    }

    /** While a number is awaited, sends GETs (at most one per 0.2 ms) and notes when each number is first received. */
    private static void poll(URI target, AtomicBoolean running, AtomicReference<String> awaited, Map<String, Long> seenAt,
                             AtomicLong polls) {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest request = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(5)).GET().build();
        while (running.get()) {
            String number = awaited.get();
            if (number == null || seenAt.containsKey(number)) {
                LockSupport.parkNanos(200_000);
                continue;
            }
            long sent = System.nanoTime();
            try {
                HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
                long now = System.nanoTime();
                polls.incrementAndGet();
                response.headers().firstValue(SwapConfigs.VERSION_HEADER).ifPresent(v -> seenAt.putIfAbsent(v, now));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                System.err.println("poll failed: " + e);
            }
            long left = 200_000 - (System.nanoTime() - sent);
            if (left > 0) {
                LockSupport.parkNanos(left);
            }
        }
    }
}
