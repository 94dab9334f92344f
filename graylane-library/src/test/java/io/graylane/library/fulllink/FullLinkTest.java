package io.graylane.library.fulllink;

import io.graylane.consul.ConsulDiscovery;
import io.graylane.core.rule.StickyHash;
import io.graylane.library.client.GraylaneHttpClient;
import io.graylane.library.context.LaneContext;
import io.graylane.library.context.LaneExecutors;
import io.graylane.library.discovery.ConsulInstances;
import io.graylane.library.discovery.InstanceChooser;
import io.graylane.library.engine.LaneEngineSource;
import io.graylane.library.servlet.GraylaneFilter;
import io.graylane.library.testing.Configs;
import io.graylane.library.testing.Consul;
import io.graylane.library.testing.EmbeddedTomcat;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The acceptance test of library mode: edge → A → B → C, every service an embedded Tomcat running
 * {@link GraylaneFilter}, each of A, B and C with a stable (v1) and a canary (v2) instance registered in
 * the Consul simulator, every call made by service name through the lane-aware {@code java.net.http}
 * client. The edge colors (header rule, sticky percentage, default; a spoofed lane header is stripped);
 * the others trust loopback and keep the lane. A calls B from an async hop (a {@code CompletableFuture}
 * on a wrapped executor) and C directly. Phase 1 has every instance; in phase 2 B's canary is gone and
 * C's canary is critical. Every response names the version each hop served; all must match the rules.
 */
@SuppressWarnings("try")
class FullLinkTest {

    static final int REQUESTS = 10_000;
    static final int CONCURRENCY = 12;
    static final String SALT = "ramp";
    static final int STICKY_PERCENT = 30;

    static final String LANES = """
            lanes:
              stable: {selector: {version: v1}}
              canary: {selector: {version: v2}, fallback: stable}
            """;
    static final String EDGE = LANES + """
            coloring:
              defaultLane: stable
              rules:
                - name: beta
                  lane: canary
                  when: {header: {name: X-User-Group, equals: beta}}
                - name: ramp
                  lane: canary
                  when: {sticky: {key: "header:X-User-ID", percent: %d, salt: %s}}
            routes:
              - {service: a}
            """.formatted(STICKY_PERCENT, SALT);
    static final String MESH = LANES + """
            coloring: {defaultLane: stable}
            trust: {trustedCidrs: [127.0.0.1/32]}
            routes:
              - {service: b}
              - {service: c}
            """;

    private final Consul consul = new Consul();
    private final ConsulDiscovery discovery = consul.discovery();
    private final LaneEngineSource edgeEngines = LaneEngineSource.of(Configs.yaml(EDGE));
    private final LaneEngineSource meshEngines = LaneEngineSource.of(Configs.yaml(MESH));
    private final List<AutoCloseable> closing = new ArrayList<>();
    private final HttpClient transport = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final ExecutorService aPool = Executors.newFixedThreadPool(CONCURRENCY);
    private final ExecutorService load = Executors.newFixedThreadPool(CONCURRENCY);

    @AfterEach
    void stop() throws Exception {
        load.shutdownNow();
        aPool.shutdownNow();
        for (AutoCloseable c : closing) {
            c.close();
        }
        discovery.close();
        consul.close();
    }

    /** One hop: names itself and its version, marks a canary request it serves on v1, then calls on. */
    static final class Hop extends HttpServlet {
        private final String name;
        private final String version;
        private final HttpClient client;
        private final ExecutorService asyncPool;

        Hop(String name, String version, HttpClient client, ExecutorService asyncPool) {
            this.name = name;
            this.version = version;
            this.client = client;
            this.asyncPool = asyncPool;
        }

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            String lane = LaneContext.lane();
            String me = name + " " + version + ("canary".equals(lane) && version.equals("v1") ? " (fallback)" : "");
            String body = switch (name) {
                case "edge" -> "lane=" + lane + ": " + call("http://a/");
                case "A" -> {
                    // The call to B leaves from another thread: the wrapped executor carries the lane.
                    CompletableFuture<String> b = CompletableFuture.supplyAsync(this::callB, asyncPool);
                    String c = call("http://c/");
                    yield me + " → " + b.join() + " | " + c;
                }
                case "B" -> me + " → " + call("http://c/");
                default -> me;
            };
            resp.setContentType("text/plain; charset=utf-8");
            resp.getWriter().write(body);
        }

        private String callB() {
            return call("http://b/");
        }

        private String call(String url) {
            try {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).build(),
                        HttpResponse.BodyHandlers.ofString());
                return r.statusCode() == 200 ? r.body() : "HTTP " + r.statusCode() + " from " + url;
            } catch (IOException e) {
                return "failed: " + e.getMessage();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted";
            }
        }
    }

    private EmbeddedTomcat start(String name, String version, LaneEngineSource engines, ExecutorService asyncPool) {
        HttpClient client = GraylaneHttpClient.wrap(transport, engines);
        EmbeddedTomcat tomcat = EmbeddedTomcat.start(GraylaneFilter.builder().engines(engines).build(),
                new Hop(name, version, client, asyncPool), 2 * CONCURRENCY + 4);
        closing.add(0, tomcat);
        if (!name.equals("edge")) {
            consul.register(name.toLowerCase(), name.toLowerCase() + "-" + version, tomcat.port(), version, "passing");
        }
        return tomcat;
    }

    private static String served(LaneEngineSource engines, String service, String lane) {
        var decision = InstanceChooser.of(engines).decide(service, lane);
        return decision.rejected() ? "rejected" : decision.resolution().servedLane() + "@" + decision.instance().id();
    }

    /** What the rules say a request gets: its lane, and the chain of versions for that lane. */
    static String expected(Map<String, String> headers, boolean phase2) {
        String lane = "stable";
        if ("beta".equals(headers.get("X-User-Group"))) {
            lane = "canary";
        } else if (headers.containsKey("X-User-ID")
                && StickyHash.bucket(SALT, headers.get("X-User-ID")) < STICKY_PERCENT * 100) {
            lane = "canary";
        }
        if (lane.equals("stable")) {
            return "200 lane=stable: A v1 → B v1 → C v1 | C v1";
        }
        return phase2 ? "200 lane=canary: A v2 → B v1 (fallback) → C v1 (fallback) | C v1 (fallback)"
                : "200 lane=canary: A v2 → B v2 → C v2 | C v2";
    }

    /** Request {@code i}: a beta user, a sticky user id, nobody in particular, or a spoofed lane header. */
    static Map<String, String> headers(int i, SplittableRandom random) {
        return switch (i % 4) {
            case 0 -> Map.of("X-User-Group", "beta");
            case 1 -> Map.of("X-User-ID", "user-" + random.nextInt(1_000_000));
            case 2 -> Map.of();
            default -> Map.of("X-Graylane-Lane", "canary", "X-User-Group", "staff");
        };
    }

    @Test
    @Timeout(value = 170, unit = TimeUnit.SECONDS)
    void everyRequestLandsWhereItsLaneAndTheFallbackRulesSay() throws Exception {
        EmbeddedTomcat edge = start("edge", "v1", edgeEngines, null);
        for (String service : List.of("A", "B", "C")) {
            for (String version : List.of("v1", "v2")) {
                start(service, version, meshEngines, LaneExecutors.wrap(aPool));
            }
        }
        closing.add(ConsulInstances.follow(edgeEngines, discovery));
        closing.add(ConsulInstances.follow(meshEngines, discovery));
        await().atMost(Duration.ofSeconds(20)).until(() -> served(edgeEngines, "a", "canary").equals("canary@a-v2")
                && served(meshEngines, "b", "canary").equals("canary@b-v2")
                && served(meshEngines, "c", "canary").equals("canary@c-v2"));

        long seed = System.nanoTime();
        System.out.println("FullLinkTest seed: " + seed);
        SplittableRandom random = new SplittableRandom(seed);
        long started = System.nanoTime();
        Result phase1 = run(edge, 0, REQUESTS / 2, random.split(), false);

        consul.deregister("b-v2");
        consul.setHealth("c-v2", "critical");
        await().atMost(Duration.ofSeconds(20)).until(() -> served(meshEngines, "b", "canary").equals("stable@b-v1")
                && served(meshEngines, "c", "canary").equals("stable@c-v1"));
        Result phase2 = run(edge, REQUESTS / 2, REQUESTS, random.split(), true);
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        System.out.println("FullLinkTest: " + REQUESTS + " requests in " + took.toMillis() + " ms; phase 1 "
                + phase1.counts + ", phase 2 " + phase2.counts);

        assertThat(phase1.mismatches).as("phase 1 (seed %d)", seed).isEmpty();
        assertThat(phase2.mismatches).as("phase 2 (seed %d)", seed).isEmpty();
        assertThat(phase1.total.get() + phase2.total.get()).isEqualTo(REQUESTS);
        for (Result r : List.of(phase1, phase2)) {
            assertThat(r.counts.keySet()).as("both lanes occur").hasSize(2);
        }
    }

    /** Responses per expected body, and the first mismatches. */
    record Result(Map<String, Integer> counts, List<String> mismatches, AtomicInteger total) {
    }

    private Result run(EmbeddedTomcat edge, int from, int to, SplittableRandom random, boolean phase2) throws Exception {
        List<Map<String, String>> requests = new ArrayList<>();
        for (int i = from; i < to; i++) {
            requests.add(headers(i, random));
        }
        Result result = new Result(new ConcurrentHashMap<>(), java.util.Collections.synchronizedList(new ArrayList<>()),
                new AtomicInteger());
        AtomicInteger next = new AtomicInteger();
        List<CompletableFuture<Void>> workers = new ArrayList<>();
        for (int w = 0; w < CONCURRENCY; w++) {
            workers.add(CompletableFuture.runAsync(() -> {
                for (int i = next.getAndIncrement(); i < requests.size(); i = next.getAndIncrement()) {
                    Map<String, String> headers = requests.get(i);
                    String want = expected(headers, phase2);
                    String got = send(edge, headers);
                    result.total().incrementAndGet();
                    result.counts().merge(want, 1, Integer::sum);
                    if (!want.equals(got) && result.mismatches().size() < 10) {
                        result.mismatches().add(headers + ": expected <" + want + "> but got <" + got + ">");
                    }
                }
            }, load));
        }
        CompletableFuture.allOf(workers.toArray(CompletableFuture[]::new)).get(150, TimeUnit.SECONDS);
        return result;
    }

    private String send(EmbeddedTomcat edge, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(edge.uri("/")).timeout(Duration.ofSeconds(30));
        headers.forEach(b::header);
        try {
            HttpResponse<String> r = transport.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() + " " + r.body();
        } catch (IOException e) {
            return "failed: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
