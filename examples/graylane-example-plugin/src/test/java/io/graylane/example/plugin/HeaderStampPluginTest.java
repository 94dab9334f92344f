package io.graylane.example.plugin;

import io.graylane.core.GraylaneException;
import io.graylane.core.chain.ChainLease;
import io.graylane.core.chain.LiveChain;
import io.graylane.core.chain.Response;
import io.graylane.core.chain.SimpleExchange;
import io.graylane.core.config.ChainEntry;
import io.graylane.core.plugin.PluginDirectory;
import io.graylane.core.plugin.PluginSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The example plugin as the gateway uses it: its classes in a jar in a plugin directory, loaded in its own class loader. */
class HeaderStampPluginTest {

    @TempDir
    Path plugins;

    /** Packs this module's compiled classes and META-INF/services into a jar, as {@code mvn package} does. */
    private Path packed() throws IOException, URISyntaxException {
        Path classes = Path.of(HeaderStampFactory.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path jar = plugins.resolve("graylane-example-plugin-0.1.0.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar)); Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                out.write(Files.readAllBytes(f));
                out.closeEntry();
            }
        }
        return jar;
    }

    private static List<ChainEntry> chain(Map<String, Object> config) {
        return List.of(new ChainEntry("stamp", "example.header-stamp", config, true, List.of(), List.of()));
    }

    @Test
    void thePluginJarStampsEveryResponseAndTheRequestWhenAsked() throws Exception {
        packed();
        try (PluginDirectory directory = PluginDirectory.builder(plugins).build()) {
            PluginSet set = directory.scan();
            assertThat(set.jars()).singleElement().satisfies(j -> {
                assertThat(j.name()).isEqualTo("graylane-example-plugin");
                assertThat(j.version()).isEqualTo("0.1.0");
                assertThat(j.types()).containsExactly("example.header-stamp");
            });
            CompletableFuture<String> upstreamSaw = new CompletableFuture<>();
            LiveChain<String> live = LiveChain.builder(exchange -> {
                upstreamSaw.complete(exchange.header("X-Shadow"));
                return CompletableFuture.completedFuture(Response.of(200, "hello"));
            }).start("v1", chain(Map.of("name", "X-Shadow", "value", "yes", "request", true)), set.registry(), set);

            ChainLease<String> lease = live.acquire();
            Response r = lease.handle(SimpleExchange.builder().uri("/").build()).toCompletableFuture().join();
            lease.release();

            assertThat(r.headers().get("X-Shadow")).isEqualTo("yes");
            assertThat(upstreamSaw.join()).isEqualTo("yes");
            live.close().join();
        }
    }

    @Test
    void aBadConfigIsRefusedWithItsPath() throws Exception {
        packed();
        try (PluginDirectory directory = PluginDirectory.builder(plugins).build(); PluginSet set = directory.scan()) {
            assertThatThrownBy(() -> LiveChain.builder(x -> CompletableFuture.completedFuture(Response.of(200)))
                    .start("v1", chain(Map.of("value", "x", "colour", "red")), set.registry(), set.retain()))
                    .isInstanceOf(GraylaneException.class)
                    .hasMessageStartingWith("chain[id=stamp].config.colour: unknown key");
            assertThatThrownBy(() -> LiveChain.builder(x -> CompletableFuture.completedFuture(Response.of(200)))
                    .start("v1", chain(Map.of()), set.registry(), set.retain()))
                    .hasMessageStartingWith("chain[id=stamp].config.value: missing");
        }
    }
}
