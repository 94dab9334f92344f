package io.graylane.bench;

import io.graylane.consul.ConfigVersion;
import io.graylane.consul.ConsulClient;
import io.graylane.consul.ConsulClientConfig;
import io.graylane.consul.ConsulConfigSource;
import io.graylane.consul.WatchSettings;
import io.graylane.testkit.consul.ConsulSimulator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Time from a KV PUT returning to the new configuration being live in a {@link ConsulConfigSource}
 * (parsed, validated and handed to its listener), over loopback against the Consul simulator.
 * Not a JMH benchmark: it measures a distributed round trip. Run by hand, never in the test command:
 * <pre>
 * java -cp graylane-bench/target/benchmarks.jar io.graylane.bench.KvWatchLatency [changes] [pauseMillis] [ratePerSecond]
 * </pre>
 * Defaults: 210 changes, 1100 ms apart (config changes are human-paced; the watch's default re-query
 * rate limit is 1/s with burst 2), default watch settings.
 */
public final class KvWatchLatency {

    private KvWatchLatency() {
    }

    public static void main(String[] args) throws Exception {
        int changes = args.length > 0 ? Integer.parseInt(args[0]) : 210;
        long pauseMillis = args.length > 1 ? Long.parseLong(args[1]) : 1100;
        double rate = args.length > 2 ? Double.parseDouble(args[2]) : WatchSettings.DEFAULT.ratePerSecond();
        String key = "graylane/bench/config";
        Map<String, Long> liveAt = new ConcurrentHashMap<>();
        Map<String, CountDownLatch> waiting = new ConcurrentHashMap<>();
        try (ConsulSimulator sim = ConsulSimulator.start()) {
            ConsulClient client = ConsulClient.create(ConsulClientConfig.builder().address(sim.address()).build());
            client.kvPut(key, document(0));
            WatchSettings settings = WatchSettings.DEFAULT.toBuilder().ratePerSecond(rate).build();
            try (ConsulConfigSource source = ConsulConfigSource.builder(client, key).settings(settings).build().start()) {
                source.subscribe((ConfigVersion version, io.graylane.core.config.GraylaneConfig cfg) -> {
                    long now = System.nanoTime();
                    liveAt.putIfAbsent(version.contentHash(), now);
                    CountDownLatch latch = waiting.get(version.contentHash());
                    if (latch != null) {
                        latch.countDown();
                    }
                });
                source.firstConfig().get(10, TimeUnit.SECONDS);
                long[] micros = new long[changes];
                int missed = 0;
                for (int i = 1; i <= changes; i++) {
                    String doc = document(i);
                    String hash = sha256(doc);
                    CountDownLatch latch = new CountDownLatch(1);
                    waiting.put(hash, latch);
                    client.kvPut(key, doc);
                    long putReturned = System.nanoTime();
                    if (!latch.await(10, TimeUnit.SECONDS)) {
                        missed++;
                        micros[i - 1] = Long.MAX_VALUE;
                    } else {
                        // The listener may run before kvPut returns; that counts as 0.
                        micros[i - 1] = Math.max(0, liveAt.get(hash) - putReturned) / 1_000;
                    }
                    Thread.sleep(pauseMillis);
                }
                Arrays.sort(micros);
                System.out.printf("changes=%d pause=%dms rate=%.1f/s missed=%d%n", changes, pauseMillis, rate, missed);
                System.out.printf("PUT returned -> live: p50=%.2f ms p90=%.2f ms p99=%.2f ms max=%.2f ms%n",
                        pct(micros, 50), pct(micros, 90), pct(micros, 99), micros[micros.length - 1] / 1000.0);
                System.out.printf("counters: %s%n", source.counters());
            }
        }
    }

    private static double pct(long[] sorted, int p) {
        int idx = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, idx)] / 1000.0;
    }

    /** A valid config whose rule value changes with {@code i}, so every write is a new version. */
    static String document(int i) {
        List<String> lines = new ArrayList<>(List.of(
                "lanes:",
                "  stable: {}",
                "  canary: {selector: {version: v2}, fallback: stable}",
                "coloring:",
                "  defaultLane: stable",
                "  rules:",
                "    - name: beta",
                "      lane: canary",
                "      when: {header: {name: X-User-Group, equals: beta-" + i + "}}",
                "routes:",
                "  - {pathPrefix: /orders, service: orders}"));
        return String.join("\n", lines) + "\n";
    }

    static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

}
