package io.graylane.core.plugin;

import io.graylane.core.GraylaneException;
import io.graylane.core.chain.ChainLease;
import io.graylane.core.chain.ChainListener;
import io.graylane.core.chain.Handler;
import io.graylane.core.chain.LiveChain;
import io.graylane.core.chain.LiveChains;
import io.graylane.core.chain.MiddlewareException;
import io.graylane.core.chain.MiddlewareFactory;
import io.graylane.core.chain.MiddlewareRegistry;
import io.graylane.core.chain.Response;
import io.graylane.core.chain.SimpleExchange;
import io.graylane.core.config.ChainEntry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class PluginDirectoryTest {

    @TempDir
    Path dir;

    private final Handler terminal = exchange -> CompletableFuture.completedFuture(Response.of(200, "ok"));
    private final MiddlewareRegistry builtins = MiddlewareRegistry.of(MiddlewareFactory.of("recover", ctx -> next -> next));
    private PluginDirectory plugins;

    @AfterEach
    void close() {
        if (plugins != null) {
            plugins.close();
        }
    }

    private PluginDirectory open(Duration serveTimeout) {
        plugins = PluginDirectory.builder(dir).builtins(builtins).serveTimeout(serveTimeout).build();
        return plugins;
    }

    private Path jar(String file, String pkg, String type, String stamp, String behaviour) {
        return PluginJars.build(dir.resolve(file), "stamp", file.replaceAll("^\\D+|\\D+$", ""),
                PluginJars.stampPlugin(pkg, type, stamp, behaviour), pkg + ".StampFactory");
    }

    private static List<ChainEntry> entry(String type, Map<String, Object> config) {
        return List.of(new ChainEntry("stamp", type, config, true, List.of(), List.of()));
    }

    private LiveChain<String> live(PluginSet set, String type, Map<String, Object> config) {
        return LiveChain.builder(terminal).start("v1", entry(type, config), set.registry(), set);
    }

    @Test
    void aPluginJarDeclaresMiddlewareThroughServiceLoaderAndServes() {
        jar("stamp-1.0.jar", "acme.v1", "acme.stamp", "v1", "ok");
        PluginDirectory d = open(Duration.ofSeconds(5));

        PluginSet set = d.scan();

        assertThat(set.registry().types()).containsExactly("acme.stamp", "recover");
        assertThat(set.jars()).singleElement().satisfies(j -> {
            assertThat(j.name()).isEqualTo("stamp");
            assertThat(j.version()).isEqualTo("1.0");
            assertThat(j.types()).containsExactly("acme.stamp");
            assertThat(j.sha256()).hasSize(64);
        });
        LiveChain<String> live = live(set, "acme.stamp", Map.of());
        assertThat(LiveChains.serve(live).headers().get("X-Stamp")).isEqualTo("v1");
        live.close().join();
    }

    @Test
    void aPluginSeesOnlyThePluginApiNotTheRestOfTheHost() {
        jar("stamp-1.0.jar", "acme.iso", "acme.stamp", "v1", "ok");
        PluginSet set = open(Duration.ofSeconds(5)).scan();
        LiveChain<String> live = LiveChain.builder(terminal).start("v1", List.of(
                probe("api", "io.graylane.core.chain.Handler"),
                probe("model", "io.graylane.core.model.Lane"),
                probe("slf4j", "org.slf4j.LoggerFactory"),
                probe("jdk", "java.net.http.HttpClient"),
                probe("engine", "io.graylane.core.engine.LaneEngine"),
                probe("loader", "io.graylane.core.plugin.PluginDirectory"),
                probe("junit", "org.junit.jupiter.api.Test"),
                probe("assertj", "org.assertj.core.api.Assertions")), set.registry(), set);

        // Each probe stamps the header in turn; the outermost (first) probe's stamp wins, so ask one at a time.
        for (String[] expected : new String[][] {
                {"io.graylane.core.chain.Handler", "loaded"}, {"io.graylane.core.model.Lane", "loaded"},
                {"org.slf4j.LoggerFactory", "loaded"}, {"java.net.http.HttpClient", "loaded"},
                {"io.graylane.core.engine.LaneEngine", "not found"}, {"io.graylane.core.plugin.PluginDirectory", "not found"},
                {"org.junit.jupiter.api.Test", "not found"}, {"org.assertj.core.api.Assertions", "not found"}}) {
            LiveChain<String> one = LiveChain.builder(terminal).start("one", entry("acme.stamp", Map.of("probe", expected[0])),
                    set.registry(), set.retain());
            assertThat(LiveChains.serve(one).headers().get("X-Stamp")).as(expected[0]).isEqualTo(expected[1]);
            one.close().join();
        }
        live.close().join();
    }

    private static ChainEntry probe(String id, String className) {
        return new ChainEntry(id, "acme.stamp", Map.of("probe", className), true, List.of(), List.of());
    }

    @Test
    void aNewJarVersionHotReplacesTheOldAndTheOldLoaderIsCollectedAfterItsChainDrained() {
        Path v1 = jar("stamp-1.0.jar", "acme.leak", "acme.stamp", "v1", "ok");
        PluginDirectory d = open(Duration.ofSeconds(5));
        PluginSet first = d.scan();
        LiveChain<String> live = live(first, "acme.stamp", Map.of());
        WeakReference<ClassLoader> oldLoader = new WeakReference<>(first.classLoaders().get(0));
        ChainLease<String> inFlight = live.acquire();
        first = null;

        jar("stamp-2.0.jar", "acme.leak", "acme.stamp", "v2", "ok");
        assertThatThrownBy(d::scan).hasMessage("plugins: middleware type \"acme.stamp\" is declared by both"
                + " stamp-1.0.jar and stamp-2.0.jar (expected: each type from one place only)");
        deleteQuietly(v1);
        PluginSet second = d.scan();
        assertThat(second.jars()).singleElement().satisfies(j -> assertThat(j.version()).isEqualTo("2.0"));
        live.update("v2", entry("acme.stamp", Map.of()), second.registry(), second);

        assertThat(LiveChains.serve(live).headers().get("X-Stamp")).isEqualTo("v2");
        assertThat(oldLoader.get()).as("the in-flight request keeps the old chain and its loader").isNotNull();
        Response late = inFlight.handle(SimpleExchange.builder().uri("/").build()).toCompletableFuture().join();
        assertThat(late.headers().get("X-Stamp")).isEqualTo("v1");
        CompletableFuture<Void> oldClosed = inFlight.generation().closedFuture();
        inFlight.release();
        inFlight = null;
        late = null;
        await().atMost(Duration.ofSeconds(5)).until(oldClosed::isDone);

        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> {
            System.gc();
            return oldLoader.get() == null;
        });
        assertThat(LiveChains.serve(live).headers().get("X-Stamp")).isEqualTo("v2");
        live.close().join();
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.delete(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aPluginThatFailsToProvisionRejectsTheNewChainNamingTheJarAndEntryAndTheOldKeepsServing() {
        jar("stamp-1.0.jar", "acme.good", "acme.stamp", "v1", "ok");
        PluginDirectory d = open(Duration.ofSeconds(5));
        LiveChain<String> live = live(d.scan(), "acme.stamp", Map.of());
        jar("broken-1.0.jar", "acme.bad", "acme.broken", "x", "fail-create");
        PluginSet next = d.scan();

        assertThatThrownBy(() -> live.update("v2", List.of(
                new ChainEntry("stamp", "acme.stamp", Map.of(), true, List.of(), List.of()),
                new ChainEntry("licence", "acme.broken", Map.of(), true, List.of(), List.of())), next.registry(), next))
                .isInstanceOf(GraylaneException.class)
                .hasMessage("chain[id=licence] (type acme.broken): plugin broken-1.0.jar failed to provision:"
                        + " IllegalStateException: cannot reach the licence server");

        assertThat(live.value()).isEqualTo("v1");
        assertThat(LiveChains.serve(live).headers().get("X-Stamp")).isEqualTo("v1");
        live.close().join();
    }

    @Test
    void aPluginThatThrowsWhileServingFailsOnlyThatRequestAndIsCounted() {
        jar("thrower-1.0.jar", "acme.thrower", "acme.thrower", "x", "throw");
        PluginDirectory d = open(Duration.ofSeconds(5));
        LiveChain<String> live = live(d.scan(), "acme.thrower", Map.of());

        assertThatThrownBy(() -> LiveChains.serve(live)).isInstanceOf(CompletionException.class)
                .cause().isInstanceOf(MiddlewareException.class)
                .hasMessageContaining("middleware 'stamp' (type acme.thrower)").hasMessageContaining("plugin bug");

        assertThat(d.failures().thrown()).containsEntry("acme.thrower", 1L);
        live.close().join();
    }

    @Test
    void aPluginThatHangsIsCutOffByTheServeTimeoutAndCounted() {
        jar("hang-1.0.jar", "acme.hang", "acme.hang", "x", "hang");
        PluginDirectory d = open(Duration.ofMillis(200));
        LiveChain<String> live = live(d.scan(), "acme.hang", Map.of());

        assertThatThrownBy(() -> LiveChains.serve(live)).isInstanceOf(CompletionException.class)
                .cause().isInstanceOf(MiddlewareException.class).hasMessageContaining("TimeoutException");

        assertThat(d.failures().timedOut()).containsEntry("acme.hang", 1L);
        assertThat(d.failures().thrown()).doesNotContainKey("acme.hang");
        live.close().join();
    }

    @Test
    void jarsThatCannotBeLoadedAreErrorsNamingTheJarAndChangeNothing() throws Exception {
        jar("stamp-1.0.jar", "acme.ok", "acme.stamp", "v1", "ok");
        PluginDirectory d = open(Duration.ofSeconds(5));
        d.scan().close();

        Files.writeString(dir.resolve("notes.jar"), "not a zip");
        assertThatThrownBy(d::scan).isInstanceOf(GraylaneException.class).hasMessageStartingWith("plugins: notes.jar: ");
        Files.delete(dir.resolve("notes.jar"));

        PluginJars.build(dir.resolve("empty-1.0.jar"), "empty", "1.0", PluginJars.stampPlugin("acme.e", "acme.e", "x", "ok"));
        assertThatThrownBy(d::scan).hasMessage("plugins: empty-1.0.jar: declares no middleware factory (expected: a line"
                + " naming a class in META-INF/services/io.graylane.core.chain.MiddlewareFactory)");
        Files.delete(dir.resolve("empty-1.0.jar"));

        jar("shadow-1.0.jar", "acme.shadow", "recover", "x", "ok");
        assertThatThrownBy(d::scan).hasMessage("plugins: middleware type \"recover\" is declared by both"
                + " the built-in middleware and shadow-1.0.jar (expected: each type from one place only)");
        Files.delete(dir.resolve("shadow-1.0.jar"));

        assertThat(d.jars()).extracting(PluginJar::fileName).containsExactly("stamp-1.0.jar");
        try (PluginSet s = d.scan()) {
            assertThat(s.registry().types()).contains("acme.stamp");
        }
    }

    @Test
    void aScanWithAListenerTellsItTheRefusalBeforeThrowingIt() throws Exception {
        PluginDirectory d = open(Duration.ofSeconds(5));
        List<String> told = new ArrayList<>();
        ChainListener listener = new ChainListener() {
            @Override
            public void rejected(GraylaneException error) {
                told.add(error.getMessage());
            }
        };
        d.scan(listener).close();
        assertThat(told).isEmpty();

        Files.writeString(dir.resolve("notes.jar"), "not a zip");
        assertThatThrownBy(() -> d.scan(listener)).isInstanceOf(GraylaneException.class)
                .hasMessageStartingWith("plugins: notes.jar: ");
        assertThat(told).singleElement().asString().startsWith("plugins: notes.jar: ");
    }

    @Test
    void aScanThatFindsTheSameJarsKeepsTheRegistrySoTheLiveChainIsNotRebuilt() {
        jar("stamp-1.0.jar", "acme.same", "acme.stamp", "v1", "ok");
        PluginDirectory d = open(Duration.ofSeconds(5));
        PluginSet a = d.scan();
        PluginSet b = d.scan();

        assertThat(b.registry()).isSameAs(a.registry());
        a.close();
        b.close();
        assertThatThrownBy(() -> PluginDirectory.builder(dir.resolve("missing")).build().scan())
                .hasMessageEndingWith("missing: no such directory (expected: a directory of plugin jars)");
    }

    @Test
    void theApiLoaderExplainsWhatAPluginMayNotLoad() {
        PluginApiClassLoader api = new PluginApiClassLoader(PluginDirectoryTest.class.getClassLoader());

        assertThatThrownBy(() -> api.loadClass("io.graylane.core.engine.LaneEngine"))
                .isInstanceOf(ClassNotFoundException.class)
                .hasMessageStartingWith("io.graylane.core.engine.LaneEngine (not part of Graylane's plugin API:"
                        + " a plugin sees only io.graylane.core.chain.*, io.graylane.core.config.*,");
        assertThat(PluginApiClassLoader.exposed("io.graylane.core.chain.LiveChain$Builder")).isTrue();
        assertThat(PluginApiClassLoader.exposed("io.graylane.core.chain.sub.Hidden")).isFalse();
        assertThat(api.getResource("META-INF/services/io.graylane.core.chain.MiddlewareFactory")).isNull();
    }
}
