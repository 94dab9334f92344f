package io.graylane.library.servlet;

import io.graylane.core.GraylaneException;
import io.graylane.core.chain.Middleware;
import io.graylane.core.chain.MiddlewareFactory;
import io.graylane.core.chain.MiddlewareRegistry;
import io.graylane.core.chain.Response;
import io.graylane.core.config.GraylaneConfig;
import io.graylane.core.config.TrustSettings;
import io.graylane.core.engine.LaneEngine;
import io.graylane.core.trust.LaneSignature;
import io.graylane.library.context.GraylaneLane;
import io.graylane.library.context.LaneContext;
import io.graylane.library.context.LaneState;
import io.graylane.library.testing.Configs;
import io.graylane.library.testing.EmbeddedTomcat;
import io.graylane.library.testing.Gate;
import io.graylane.library.testing.Tomcats;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

@SuppressWarnings("try")
class GraylaneFilterTest {

    static final String LANES = """
            lanes:
              stable: {selector: {version: v1}}
              canary: {selector: {version: v2}, fallback: stable}
            coloring:
              defaultLane: stable
              rules:
                - name: beta
                  lane: canary
                  when: {header: {name: X-User-Group, equals: beta}}
            """;
    static final String SECRET = "0123456789abcdef-secret";

    private final Tomcats tomcats = new Tomcats();
    private final Gate gate = tomcats.gate;

    @AfterEach
    void stop() {
        tomcats.close();
    }

    /** Replies with what the application sees: the lane, the request attribute and the lane headers. */
    final class App extends HttpServlet {
        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            String path = req.getRequestURI();
            if (path.equals("/async")) {
                AsyncContext async = req.startAsync();
                async.start(() -> {
                    reply(async.getResponse(), "async lane=" + LaneContext.lane());
                    async.complete();
                });
                return;
            }
            if (path.equals("/dispatch")) {
                AsyncContext async = req.startAsync();
                // Dispatched from a thread with no lane: the ASYNC dispatch must bind it again.
                new Thread(() -> async.dispatch("/after")).start();
                return;
            }
            if (path.equals("/boom")) {
                throw new IllegalStateException("application failure");
            }
            if (path.equals("/headers")) {
                // Every header the application sees, lower-cased names, values in order.
                StringBuilder sb = new StringBuilder();
                for (String name : Collections.list(req.getHeaderNames())) {
                    sb.append(name.toLowerCase(java.util.Locale.ROOT)).append('=')
                            .append(String.join("|", Collections.list(req.getHeaders(name)))).append(';');
                }
                reply(resp, sb.toString());
                return;
            }
            if (path.equals("/hold")) {
                gate.hold();
            }
            LaneState state = LaneContext.currentOrNull();
            reply(resp, "lane=" + GraylaneLane.current().orElse("-")
                    + " attr=" + req.getAttribute(GraylaneFilter.LANE_ATTRIBUTE)
                    + " header=" + req.getHeader("X-Graylane-Lane")
                    + " baggage=" + req.getHeader("baggage")
                    + " carried=" + (state == null ? "-" : state.carriedValue())
                    + " tagged=" + req.getHeader("X-Tagged")
                    + " dispatch=" + req.getDispatcherType());
        }

        private void reply(jakarta.servlet.ServletResponse resp, String text) {
            try {
                resp.setContentType("text/plain");
                resp.getWriter().write(text);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    private EmbeddedTomcat serve(GraylaneFilter filter) {
        return tomcats.serve(filter, new App());
    }


    private static GraylaneConfig config(String extra) {
        return Configs.yaml(LANES + extra);
    }

    @Test
    void anUntrustedLaneHeaderIsRemovedAndTheRequestIsColoredByTheRules() throws Exception {
        EmbeddedTomcat tomcat = serve(GraylaneFilter.builder().config(config("")).build());

        assertThat(tomcats.get(tomcat, "/x", "X-Graylane-Lane", "canary").body())
                .isEqualTo("lane=stable attr=stable header=null baggage=null carried=stable tagged=null dispatch=REQUEST");
        assertThat(tomcats.get(tomcat, "/x", "X-User-Group", "beta").body()).startsWith("lane=canary attr=canary header=null");
    }

    @Test
    void headersGraylaneLeavesAloneReachTheApplicationAsSentAndAStrippedOneIsGoneFromEveryView() throws Exception {
        EmbeddedTomcat tomcat = serve(GraylaneFilter.builder().config(config("")).build());

        String untouched = tomcats.get(tomcat, "/headers", "X-Multi", "a", "X-Multi", "b", "X-User-Group", "beta").body();
        assertThat(untouched).contains("x-multi=a|b;", "x-user-group=beta;").doesNotContain("x-graylane-lane");

        String stripped = tomcats.get(tomcat, "/headers", "X-Graylane-Lane", "canary", "X-Multi", "a", "X-Multi", "b").body();
        assertThat(stripped).contains("x-multi=a|b;").doesNotContain("x-graylane-lane");
    }

    @Test
    void aTrustedPeerKeepsItsLaneAndTheApplicationSeesIt() throws Exception {
        EmbeddedTomcat tomcat = serve(GraylaneFilter.builder().config(config("trust: {trustedCidrs: [127.0.0.1/32]}\n")).build());

        assertThat(tomcats.get(tomcat, "/x", "X-Graylane-Lane", "canary").body())
                .startsWith("lane=canary attr=canary header=canary");
        assertThat(tomcats.get(tomcat, "/x", "baggage", "userId=alice,graylane.lane=canary").body())
                .startsWith("lane=canary attr=canary header=null baggage=userId=alice,graylane.lane=canary");
    }

    @Test
    void aSignedLaneFromAnUntrustedPeerIsKeptAndCarriedOnSigned() throws Exception {
        EmbeddedTomcat tomcat = serve(GraylaneFilter.builder()
                .config(config("trust: {keys: [{id: k1, secret: " + SECRET + "}]}\n")).build());
        String signed = LaneSignature.sign("canary", new TrustSettings.SigningKey("k1", SECRET),
                Instant.now().plus(Duration.ofMinutes(5)));

        assertThat(tomcats.get(tomcat, "/x", "X-Graylane-Lane", signed).body())
                .startsWith("lane=canary attr=canary header=" + signed)
                .contains(" carried=" + signed + " ");
    }

    @Test
    void anUntrustedBaggageLaneIsRemovedButTheOtherMembersStay() throws Exception {
        EmbeddedTomcat tomcat = serve(GraylaneFilter.builder().config(config("")).build());

        assertThat(tomcats.get(tomcat, "/x", "baggage", "graylane.lane=canary,userId=alice").body())
                .startsWith("lane=stable attr=stable header=null baggage=userId=alice ");
    }

    @Test
    void middlewareRunsInFrontOfTheApplicationAndMayAnswerByItself() throws Exception {
        MiddlewareRegistry registry = MiddlewareRegistry.of(
                MiddlewareFactory.of("tag", ctx -> next -> exchange -> {
                    exchange.headers().set("X-Tagged", exchange.lane());
                    return next.handle(exchange);
                }),
                MiddlewareFactory.of("deny", ctx -> next -> exchange -> exchange.header("X-Deny") != null
                        ? CompletableFuture.completedFuture(Response.of(429, "slow down " + exchange.lane() + "\n"))
                        : next.handle(exchange)));
        GraylaneConfig config = config("""
                chain:
                  - {id: tag, type: tag}
                  - {id: deny, type: deny}
                """);
        GraylaneFilter filter = GraylaneFilter.builder().config(config).middleware(registry).build();
        EmbeddedTomcat tomcat = serve(filter);

        assertThat(filter.chainIds()).containsExactly("tag", "deny");
        assertThat(tomcats.get(tomcat, "/x", "X-User-Group", "beta").body()).contains(" tagged=canary ");
        HttpResponse<String> denied = tomcats.get(tomcat, "/x", "X-Deny", "1");
        assertThat(denied.statusCode()).isEqualTo(429);
        assertThat(denied.body()).isEqualTo("slow down stable\n");
    }

    @Test
    void asyncWorkAndAsyncDispatchesRunInTheRequestsLane() throws Exception {
        EmbeddedTomcat tomcat = serve(GraylaneFilter.builder().config(config("")).build());

        assertThat(tomcats.get(tomcat, "/async", "X-User-Group", "beta").body()).isEqualTo("async lane=canary");
        assertThat(tomcats.get(tomcat, "/dispatch", "X-User-Group", "beta").body())
                .startsWith("lane=canary attr=canary").endsWith("dispatch=ASYNC");
    }

    @Test
    void aReloadAppliesToNewRequestsWhileTheOldChainDrainsBeforeItCloses() throws Exception {
        AtomicBoolean firstClosed = new AtomicBoolean();
        MiddlewareRegistry registry = MiddlewareRegistry.of(MiddlewareFactory.of("closer", ctx -> {
            String name = ctx.id();
            return new ClosingMiddleware(name.equals("first") ? firstClosed : new AtomicBoolean());
        }));
        GraylaneFilter filter = GraylaneFilter.builder().middleware(registry)
                .config(config("chain: [{id: first, type: closer}]\n")).build();
        EmbeddedTomcat tomcat = serve(filter);

        CompletableFuture<HttpResponse<String>> inFlight = tomcats.getLater(tomcat, "/hold");
        assertThat(gate.awaitHeld()).isTrue();
        filter.update(Configs.yaml(LANES.replace("defaultLane: stable", "defaultLane: canary")
                + "chain: [{id: second, type: closer}]\n"));

        assertThat(filter.chainIds()).containsExactly("second");
        assertThat(tomcats.get(tomcat, "/x").body()).startsWith("lane=canary");
        assertThat(firstClosed).as("the old chain still serves a request").isFalse();
        gate.open();
        assertThat(inFlight.get(10, TimeUnit.SECONDS).body()).startsWith("lane=stable");
        await().atMost(Duration.ofSeconds(5)).untilTrue(firstClosed);
    }

    @Test
    void aChainThatCannotBeBuiltIsRefusedAndTheOldOneKeepsServing() throws Exception {
        GraylaneFilter filter = GraylaneFilter.builder().config(config("")).build();
        EmbeddedTomcat tomcat = serve(filter);
        LaneEngine before = filter.engine();

        assertThatThrownBy(() -> filter.update(config("chain: [{id: limit, type: rate-limit}]\n")))
                .isInstanceOf(GraylaneException.class)
                .hasMessage("chain[id=limit].type: unknown middleware type \"rate-limit\" (known types: none registered)");
        assertThat(filter.engine()).isSameAs(before);
        assertThat(tomcats.get(tomcat, "/x", "X-User-Group", "beta").body()).startsWith("lane=canary");
    }

    @Test
    void aFailingMiddlewareIsAnsweredWith500AndTheNextRequestIsServed() throws Exception {
        MiddlewareRegistry registry = MiddlewareRegistry.of(MiddlewareFactory.of("flaky", ctx -> next -> exchange -> {
            if (exchange.header("X-Fail") != null) {
                throw new IllegalStateException("flaky middleware failed");
            }
            return next.handle(exchange);
        }));
        EmbeddedTomcat tomcat = serve(GraylaneFilter.builder().middleware(registry)
                .config(config("chain: [{id: flaky, type: flaky}]\n")).build());

        HttpResponse<String> failed = tomcats.get(tomcat, "/x", "X-Fail", "1");
        assertThat(failed.statusCode()).isEqualTo(500);
        assertThat(failed.body()).isEqualTo("graylane: middleware failed\n");
        assertThat(tomcats.get(tomcat, "/x", "X-User-Group", "beta").body()).startsWith("lane=canary");
    }

    @Test
    void anApplicationFailureReachesTheContainerUnchanged() throws Exception {
        EmbeddedTomcat tomcat = serve(GraylaneFilter.builder().config(config("")).build());

        assertThat(tomcats.get(tomcat, "/boom").statusCode()).isEqualTo(500);
        assertThat(tomcats.get(tomcat, "/x").statusCode()).isEqualTo(200);
    }

    @Test
    void aWebXmlFilterReadsTheConfigFileNamedByItsInitParameter(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("graylane.yaml"), LANES);
        EmbeddedTomcat tomcat = tomcats.serve(new GraylaneFilter(),
                Map.of(GraylaneFilter.CONFIG_FILE_PARAM, file.toString()), new App());

        assertThat(tomcats.get(tomcat, "/x", "X-User-Group", "beta").body()).startsWith("lane=canary attr=canary");
    }

    @Test
    void aWebXmlFilterWithoutItsInitParameterSaysWhatIsMissing() {
        assertThatThrownBy(() -> new GraylaneFilter().init(filterConfig(Map.of())))
                .isInstanceOf(ServletException.class)
                .hasMessage("filter graylane: init-param graylane.config is missing (expected: a YAML or JSON Graylane"
                        + " config file, or a filter made with GraylaneFilter.builder())");
    }

    @Test
    void aWebXmlFilterWithABadConfigFileNamesTheFileAndThePath(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("graylane.yaml"), "coloring: {defaultLane: nowhere}\n");

        assertThatThrownBy(() -> new GraylaneFilter().init(filterConfig(Map.of(GraylaneFilter.CONFIG_FILE_PARAM, file.toString()))))
                .isInstanceOf(ServletException.class)
                .hasMessageStartingWith("filter graylane: ")
                .hasMessageContaining(file.toString())
                .hasMessageContaining("lanes: missing");
    }

    private static FilterConfig filterConfig(Map<String, String> params) {
        return new FilterConfig() {
            @Override
            public String getFilterName() {
                return "graylane";
            }

            @Override
            public ServletContext getServletContext() {
                return null;
            }

            @Override
            public String getInitParameter(String name) {
                return params.get(name);
            }

            @Override
            public Enumeration<String> getInitParameterNames() {
                return Collections.enumeration(params.keySet());
            }
        };
    }

    /** A pass-through middleware that records when its chain closes it. */
    static final class ClosingMiddleware implements Middleware, AutoCloseable {
        private final AtomicBoolean closed;

        ClosingMiddleware(AtomicBoolean closed) {
            this.closed = closed;
        }

        @Override
        public io.graylane.core.chain.Handler apply(io.graylane.core.chain.Handler next) {
            return next;
        }

        @Override
        public void close() {
            closed.set(true);
        }
    }
}
