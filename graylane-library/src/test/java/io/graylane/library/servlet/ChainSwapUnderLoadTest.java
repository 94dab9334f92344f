package io.graylane.library.servlet;

import io.graylane.core.chain.Handler;
import io.graylane.core.chain.Middleware;
import io.graylane.core.chain.MiddlewareFactory;
import io.graylane.core.chain.MiddlewareRegistry;
import io.graylane.library.testing.Configs;
import io.graylane.library.testing.EmbeddedTomcat;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Chains swapped again and again while clients keep requesting through a real Tomcat: no request is
 * lost, each is served by one chain from start to end (the generation it entered with is the one it
 * leaves with), no middleware serves after its chain was closed, and every replaced chain closes.
 */
class ChainSwapUnderLoadTest {

    private static final int SWAPS = 30;
    private static final int CLIENTS = 6;

    private final AtomicInteger closedChains = new AtomicInteger();
    private final Queue<String> problems = new ConcurrentLinkedQueue<>();

    /** Marks the request with its chain's generation on the way in and out; notes any use after close. */
    final class Generation implements Middleware, AutoCloseable {
        private final String value;
        private final AtomicBoolean closed = new AtomicBoolean();

        Generation(String value) {
            this.value = value;
        }

        @Override
        public Handler apply(Handler next) {
            return exchange -> {
                if (closed.get()) {
                    problems.add("generation " + value + " served a request after it was closed");
                }
                exchange.headers().set("X-Generation-In", value);
                return next.handle(exchange).thenApply(r -> {
                    r.headers().set("X-Generation-Out", value);
                    return r;
                });
            };
        }

        @Override
        public void close() {
            closed.set(true);
            closedChains.incrementAndGet();
        }
    }

    /** Replies with the generation the application saw, after a little work so that requests overlap swaps. */
    static final class App extends HttpServlet {
        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            try {
                Thread.sleep(2); // a request that takes a moment, so that swaps land while it is in flight
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            resp.setContentType("text/plain");
            resp.getWriter().write(String.valueOf(req.getHeader("X-Generation-In")));
        }
    }

    private static io.graylane.core.config.GraylaneConfig config(int generation) {
        return Configs.yaml(GraylaneFilterTest.LANES + "chain: [{id: gen, type: generation, config: {value: g" + generation + "}}]\n");
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void chainsSwappedUnderConcurrentRequestsLoseNoRequestAndServeEachWithOneChain() throws Exception {
        MiddlewareRegistry registry = MiddlewareRegistry.of(
                MiddlewareFactory.of("generation", ctx -> new Generation(ctx.string("value"))));
        GraylaneFilter filter = GraylaneFilter.builder().middleware(registry).config(config(0)).build();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        AtomicBoolean swapping = new AtomicBoolean(true);
        AtomicInteger served = new AtomicInteger();
        try (EmbeddedTomcat tomcat = EmbeddedTomcat.start(filter, new App(), 16)) {
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                running.add(clients.submit(() -> {
                    HttpRequest request = HttpRequest.newBuilder(tomcat.uri("/work")).timeout(Duration.ofSeconds(5)).build();
                    while (swapping.get()) {
                        try {
                            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
                            String out = r.headers().firstValue("X-Generation-Out").orElse("none");
                            if (r.statusCode() != 200 || !r.body().equals(out)) {
                                problems.add("status " + r.statusCode() + ", in " + r.body() + ", out " + out);
                            }
                            served.incrementAndGet();
                        } catch (IOException e) {
                            problems.add("lost: " + e);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        }
                    }
                }));
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> served.get() >= CLIENTS);
            for (int g = 1; g <= SWAPS; g++) {
                filter.update(config(g));
                int before = served.get();
                await().atMost(Duration.ofSeconds(5)).until(() -> served.get() > before); // requests ride every generation
            }
            swapping.set(false);
            for (Future<?> f : running) {
                f.get(10, TimeUnit.SECONDS);
            }

            assertThat(problems).isEmpty();
            assertThat(served.get()).isGreaterThan(SWAPS);
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(closedChains.get()).isEqualTo(SWAPS));
            assertThat(filter.chainIds()).containsExactly("gen");
        } finally {
            swapping.set(false);
            clients.shutdownNow();
        }
    }
}
