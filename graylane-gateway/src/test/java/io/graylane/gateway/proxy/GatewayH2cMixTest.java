package io.graylane.gateway.proxy;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many streams at once on one h2c connection, each with a random upstream protocol, lane, body (none,
 * empty, or up to 100 KB) and request trailers (none to three): each arrives intact at the instance
 * its lane chooses, and each response ends on a DATA frame with END_STREAM. Seeded; the seed is
 * printed, and {@code -Dgraylane.seed=N} replays one.
 */
class GatewayH2cMixTest {

    private static H2Fixture fx;

    @BeforeAll
    static void start() {
        fx = new H2Fixture();
    }

    @AfterAll
    static void stop() {
        fx.close();
    }

    private record Case(String service, String lane, String body, Map<String, String> trailers) {
    }

    @RepeatedTest(3)
    void randomStreamsArriveIntactAndEndWithEndStreamOnData() {
        long seed = Long.getLong("graylane.seed", System.nanoTime());
        System.out.println("GatewayH2cMixTest seed " + seed);
        SplittableRandom random = new SplittableRandom(seed);
        List<Case> cases = new ArrayList<>();
        List<CompletableFuture<H2TestClient.Exchange>> pending = new ArrayList<>();
        try (H2TestClient client = new H2TestClient(fx.port())) {
            for (int i = 0; i < 80; i++) {
                String service = random.nextBoolean() ? "h1" : "h2";
                String lane = random.nextBoolean() ? "canary" : "stable";
                int kind = random.nextInt(4);
                String body = kind == 0 ? null : kind == 1 ? "" : text(random, random.nextInt(100_000));
                Map<String, String> trailers = new LinkedHashMap<>();
                for (int t = random.nextInt(4); t > 0; t--) {
                    trailers.put("x-t" + t, text(random, 1 + random.nextInt(20)));
                }
                Case c = new Case(service, lane, body, trailers);
                cases.add(c);
                pending.add(client.send(H2TestClient.request("POST", "/" + service + "/mix/" + i,
                        "x-graylane-lane", lane), body, trailers));
            }
            for (int i = 0; i < cases.size(); i++) {
                Case c = cases.get(i);
                H2TestClient.Exchange ex = pending.get(i).orTimeout(20, TimeUnit.SECONDS).join();
                String what = "seed " + seed + ", stream " + i + " " + c.service() + "/" + c.lane() + ": " + ex;
                assertThat(ex.status()).as(what).isEqualTo("200");
                assertThat(ex.header("x-instance")).as(what)
                        .isEqualTo(c.service() + (c.lane().equals("canary") ? "-v2" : "-v1"));
                assertThat(ex.body()).as(what).contains("body: " + (c.body() == null ? "" : c.body()) + "\n");
                c.trailers().forEach((name, value) ->
                        assertThat(ex.body()).as(what).contains("trailer: " + name + ": " + value + "\n"));
                H2TestClient.Frame last = ex.frames.get(ex.frames.size() - 1);
                assertThat(last.headers()).as(what).isFalse();
                assertThat(last.endStream()).as(what).isTrue();
                assertThat(ex.frames).as(what).filteredOn(H2TestClient.Frame::headers).hasSize(1);
            }
        }
    }

    private static String text(SplittableRandom random, int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append((char) ('a' + random.nextInt(26)));
        }
        return sb.toString();
    }
}
