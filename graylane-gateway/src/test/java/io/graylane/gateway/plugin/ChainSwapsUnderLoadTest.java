package io.graylane.gateway.plugin;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The hot-loaded chain's promise, end to end: 1,000 swaps — config changes and plugin version changes,
 * alternating — while a fixed number of real HTTP requests run through the gateway; every request gets
 * its correct answer.
 */
class ChainSwapsUnderLoadTest {

    private static final String CONFIG_A = "[{id: safety, type: recover}, {id: stamp, type: acme.stamp}]";
    private static final String CONFIG_B = "[{id: safety, type: recover}, {id: stamp, type: acme.stamp},"
            + " {id: mark, type: header, config: {response: {set: {X-Config: b}}}, after: [safety], before: [stamp]}]";

    @TempDir
    Path root;

    @Test
    void aThousandSwapsOfConfigAndPluginVersionUnderLoadLoseAndFailNoRequest() throws Exception {
        Path v1 = TestPlugins.stamp(root.resolve("build/stamp-1.jar"), "acme.stamp", "1.0", "ok");
        Path v2 = TestPlugins.stamp(root.resolve("build/stamp-2.jar"), "acme.stamp", "2.0", "ok");
        TestPlugins.install(v1, root.resolve("plugins"), "stamp.jar");
        try (PluginWorld world = new PluginWorld(root, CONFIG_A)) {
            int threads = 4;
            int perThread = 1_500;
            int swaps = 1_000;
            AtomicInteger answered = new AtomicInteger();
            AtomicInteger correct = new AtomicInteger();
            ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
            ConcurrentHashMap<String, AtomicInteger> seen = new ConcurrentHashMap<>();
            ExecutorService load = Executors.newFixedThreadPool(threads);
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                workers.add(load.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        String path = "/web/t" + thread + "/r" + i;
                        boolean post = i % 4 == 0;
                        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + world.gateway.port() + path))
                                .timeout(Duration.ofSeconds(20));
                        HttpRequest request = post ? b.POST(HttpRequest.BodyPublishers.ofString("body-" + i)).build() : b.build();
                        try {
                            HttpResponse<String> r = world.client.send(request, HttpResponse.BodyHandlers.ofString());
                            String stamp = r.headers().firstValue("X-Stamp").orElse("none");
                            String config = r.headers().firstValue("X-Config").orElse("a");
                            String body = r.body();
                            boolean echoed = body.contains("\nmethod: " + (post ? "POST" : "GET") + "\n")
                                    && body.contains("\nuri: " + path + "\n")
                                    && body.contains("\nbody-length: " + (post ? ("body-" + i).length() : 0) + "\n");
                            if (r.statusCode() == 200 && echoed && (stamp.equals("1.0") || stamp.equals("2.0"))) {
                                correct.incrementAndGet();
                                seen.computeIfAbsent(stamp + "/" + config, k -> new AtomicInteger()).incrementAndGet();
                            } else {
                                failures.add(path + ": " + r.statusCode() + " stamp " + stamp + " body " + r.body());
                            }
                        } catch (Exception e) {
                            failures.add(path + ": " + e);
                        }
                        answered.incrementAndGet();
                    }
                    return null;
                }));
            }
            int total = threads * perThread;
            for (int swap = 1; swap <= swaps; swap++) {
                // Spread the swaps over the load: swap n once n * 5 requests were answered (or the load is over).
                int due = Math.min(swap * 5, total);
                while (answered.get() < due && workers.stream().anyMatch(w -> !w.isDone())) {
                    LockSupport.parkNanos(100_000);
                }
                if (swap % 2 == 0) {
                    world.use(swap % 4 == 0 ? CONFIG_A : CONFIG_B, "v-" + swap);
                } else {
                    TestPlugins.install(swap % 4 == 1 ? v2 : v1, world.pluginDir, "stamp.jar");
                    world.gateway.reloadPlugins();
                }
            }
            for (Future<?> w : workers) {
                w.get(120, TimeUnit.SECONDS);
            }
            load.shutdown();

            assertThat(failures).isEmpty();
            assertThat(answered.get()).isEqualTo(total);
            assertThat(correct.get()).isEqualTo(total);
            assertThat(seen.keySet()).as("both plugin versions and both configs served").contains("1.0/a", "2.0/a");
            assertThat(world.metric("graylane_chain_swaps_total")).isEqualTo(swaps + 1);
            assertThat(world.metric("graylane_chain_rejections_total")).isZero();
            await().atMost(Duration.ofSeconds(20)).until(() -> world.metric("graylane_chain_drain_duration_seconds_count") == swaps);
            assertThat(world.metric("graylane_chain_drain_deadline_hits_total")).isZero();
            assertThat(world.gateway.chainInFlight()).isZero();
            assertThat(world.gateway.pluginJars()).singleElement().satisfies(j -> assertThat(j.version()).isEqualTo("1.0"));
        }
    }
}
