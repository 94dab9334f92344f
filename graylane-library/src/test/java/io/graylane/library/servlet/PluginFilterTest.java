package io.graylane.library.servlet;

import io.graylane.core.GraylaneException;
import io.graylane.core.chain.ChainListener;
import io.graylane.core.chain.MiddlewareFactory;
import io.graylane.core.chain.MiddlewareRegistry;
import io.graylane.core.config.GraylaneConfig;
import io.graylane.core.plugin.PluginJar;
import io.graylane.library.testing.Configs;
import io.graylane.library.testing.EmbeddedTomcat;
import io.graylane.library.testing.Gate;
import io.graylane.library.testing.Tomcats;
import io.graylane.testkit.plugin.TestJar;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The servlet filter on core's live chain: plugin jars hot-loaded as in the gateway, the listener, the drain deadline. */
class PluginFilterTest {

    private static final GraylaneConfig STAMPED = Configs.yaml(GraylaneFilterTest.LANES + "chain: [{id: stamp, type: acme.stamp}]\n");

    private final Tomcats tomcats = new Tomcats();
    private final Gate gate = tomcats.gate;
    private final Events events = new Events();

    @AfterEach
    void stop() {
        tomcats.close();
    }

    /** Replies with the request header the plugin sets; {@code /hold} waits for the test. */
    final class App extends HttpServlet {
        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            if (req.getRequestURI().equals("/hold")) {
                gate.hold();
            }
            resp.setContentType("text/plain");
            resp.getWriter().write("stamped=" + req.getHeader("X-Stamp-In"));
        }
    }

    /** A ChainListener that writes down what it is told, as an application exporting metrics would. */
    static final class Events implements ChainListener {
        final List<String> seen = new CopyOnWriteArrayList<>();

        @Override
        public void swapped(long generation, List<String> ids, long buildNanos) {
            seen.add("swapped " + generation + " " + ids);
        }

        @Override
        public void rejected(GraylaneException error) {
            seen.add("rejected " + error.getMessage());
        }

        @Override
        public void drained(long generation, long drainNanos, boolean deadlineHit, int stragglers) {
            seen.add("drained " + generation + (deadlineHit ? " at the deadline with " + stragglers : ""));
        }
    }

    /** A plugin jar whose {@code acme.stamp} middleware sets the request header X-Stamp-In and the response header X-Stamp to {@code version}. */
    static Path stampJar(Path jar, String version) {
        String pkg = "acme.v" + version.replace('.', '_');
        String source = """
                package %1$s;

                import io.graylane.core.chain.*;

                public final class StampFactory implements MiddlewareFactory {
                    public String type() { return "acme.stamp"; }

                    public Middleware create(MiddlewareContext ctx) {
                        return next -> exchange -> {
                            exchange.headers().set("X-Stamp-In", "%2$s");
                            return next.handle(exchange).thenApply(r -> { r.headers().set("X-Stamp", "%2$s"); return r; });
                        };
                    }
                }
                """.formatted(pkg, version);
        return TestJar.builder().source(pkg + ".StampFactory", source)
                .compileAgainst(MiddlewareFactory.class, org.slf4j.Logger.class)
                .service(MiddlewareFactory.class.getName(), pkg + ".StampFactory")
                .manifest("stamp", version).writeTo(jar);
    }

    private EmbeddedTomcat serve(GraylaneFilter filter) {
        return tomcats.serve(filter, new App());
    }


    private static void assertStamped(HttpResponse<String> response, String version) {
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("stamped=" + version);
        assertThat(response.headers().firstValue("X-Stamp")).hasValue(version);
    }

    @Test
    void aPluginJarIsHotLoadedIntoTheFilterAndANewVersionReplacesItOnTheNextUpdate(@TempDir Path dir) throws Exception {
        Path plugins = Files.createDirectory(dir.resolve("plugins"));
        stampJar(plugins.resolve("stamp-1.0.jar"), "1.0");
        GraylaneFilter filter = GraylaneFilter.builder().pluginDirectory(plugins).listener(events).config(STAMPED).build();
        EmbeddedTomcat tomcat = serve(filter);

        assertStamped(tomcats.get(tomcat, "/x"), "1.0");
        assertThat(filter.pluginJars()).extracting(PluginJar::version).containsExactly("1.0");

        stampJar(dir.resolve("stamp-2.0.jar"), "2.0");
        Files.move(dir.resolve("stamp-2.0.jar"), plugins.resolve("stamp-2.0.jar"));
        Files.delete(plugins.resolve("stamp-1.0.jar"));
        filter.update(STAMPED);

        assertStamped(tomcats.get(tomcat, "/x"), "2.0");
        assertThat(filter.pluginJars()).extracting(PluginJar::version).containsExactly("2.0");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(events.seen)
                .containsExactly("swapped 1 [stamp]", "swapped 2 [stamp]", "drained 1"));
    }

    @Test
    void reloadPluginsPicksUpAReplacedJarWithoutAConfigChangeAndDoesNothingWhenNothingChanged(@TempDir Path dir) throws Exception {
        stampJar(dir.resolve("stamp.jar"), "1.0");
        GraylaneFilter filter = GraylaneFilter.builder().pluginDirectory(dir).listener(events).config(STAMPED).build();
        EmbeddedTomcat tomcat = serve(filter);

        filter.reloadPlugins();
        assertThat(events.seen).containsExactly("swapped 1 [stamp]");

        stampJar(dir.resolve("stamp.jar"), "1.1");
        filter.reloadPlugins();

        assertStamped(tomcats.get(tomcat, "/x"), "1.1");
        assertThat(events.seen).startsWith("swapped 1 [stamp]", "swapped 2 [stamp]");
    }

    @Test
    void aJarThatCannotBeLoadedIsRefusedAndTheChainInPlaceKeepsServing(@TempDir Path dir) throws Exception {
        stampJar(dir.resolve("stamp-1.0.jar"), "1.0");
        GraylaneFilter filter = GraylaneFilter.builder().pluginDirectory(dir).listener(events).config(STAMPED).build();
        EmbeddedTomcat tomcat = serve(filter);
        TestJar.builder().manifest("empty", "1.0").writeTo(dir.resolve("empty-1.0.jar"));

        assertThatThrownBy(() -> filter.update(STAMPED))
                .isInstanceOf(GraylaneException.class)
                .hasMessageStartingWith("plugins: empty-1.0.jar: declares no middleware factory (expected: ");
        assertThat(events.seen).last().asString().startsWith("rejected plugins: empty-1.0.jar: declares no middleware factory");
        assertStamped(tomcats.get(tomcat, "/x"), "1.0");
    }

    @Test
    void aPluginTypeUsedWithoutItsJarIsRefusedAtBuildNamingTheEntry(@TempDir Path dir) {
        assertThatThrownBy(() -> GraylaneFilter.builder().pluginDirectory(dir).config(STAMPED).build())
                .isInstanceOf(GraylaneException.class)
                .hasMessageStartingWith("chain[id=stamp].type: unknown middleware type \"acme.stamp\"");
    }

    @Test
    void aPluginDirectoryThatIsNotADirectoryIsRefusedWhenItIsSet(@TempDir Path dir) {
        assertThatThrownBy(() -> GraylaneFilter.builder().pluginDirectory(dir.resolve("nope")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("pluginDirectory: " + dir.resolve("nope") + " (expected: a directory of plugin jars)");
        assertThatThrownBy(() -> GraylaneFilter.builder().drainDeadline(Duration.ofSeconds(-1)))
                .hasMessage("drainDeadline: PT-1S (expected: >= 0)");
    }

    @Test
    void aWebXmlFilterLoadsPluginsFromItsPluginDirParameter(@TempDir Path dir) throws Exception {
        Path plugins = Files.createDirectory(dir.resolve("plugins"));
        stampJar(plugins.resolve("stamp-1.0.jar"), "1.0");
        Path file = Files.writeString(dir.resolve("graylane.yaml"), GraylaneFilterTest.LANES + "chain: [{id: stamp, type: acme.stamp}]\n");
        EmbeddedTomcat tomcat = tomcats.serve(new GraylaneFilter(), Map.of(GraylaneFilter.CONFIG_FILE_PARAM, file.toString(),
                GraylaneFilter.PLUGIN_DIR_PARAM, plugins.toString()), new App());

        assertStamped(tomcats.get(tomcat, "/x"), "1.0");
    }

    @Test
    void aRequestStillInFlightAtTheDrainDeadlineFinishesAndTheListenerIsTold() throws Exception {
        MiddlewareRegistry registry = MiddlewareRegistry.of(MiddlewareFactory.of("pass", ctx -> next -> next));
        GraylaneFilter filter = GraylaneFilter.builder().middleware(registry).listener(events)
                .drainDeadline(Duration.ofMillis(200))
                .config(Configs.yaml(GraylaneFilterTest.LANES + "chain: [{id: first, type: pass}]\n")).build();
        EmbeddedTomcat tomcat = serve(filter);
        CompletableFuture<HttpResponse<String>> inFlight = tomcats.getLater(tomcat, "/hold");
        assertThat(gate.awaitHeld()).isTrue();

        filter.update(Configs.yaml(GraylaneFilterTest.LANES + "chain: [{id: second, type: pass}]\n"));

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(events.seen).contains("drained 1 at the deadline with 1"));
        gate.open();
        assertThat(inFlight.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(filter.chainIds()).containsExactly("second");
    }
}
