package io.graylane.library.isolation;

import org.junit.jupiter.api.Test;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.Callable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * OkHttp and OpenTelemetry are optional: an application without them uses the context, the servlet
 * filter and the java.net.http client. Runs {@link IsolatedScenario} in a class loader that holds only
 * the library, its required dependencies and the servlet API — no OkHttp, Okio, Kotlin or OpenTelemetry.
 */
class OptionalDependenciesTest {

    private static final String[] REQUIRED = {
        "io.graylane.library.context.LaneContext",        // this module (main)
        "io.graylane.library.isolation.IsolatedScenario", // this module (tests)
        "io.graylane.core.engine.LaneEngine",
        "io.graylane.config.ConfigLoader",
        "io.graylane.consul.ConsulClient",
        "com.google.re2j.Pattern",
        "org.slf4j.Logger",
        "com.fasterxml.jackson.databind.ObjectMapper",
        "com.fasterxml.jackson.core.JsonFactory",
        "com.fasterxml.jackson.annotation.JsonProperty",
        "com.fasterxml.jackson.dataformat.yaml.YAMLFactory",
        "org.yaml.snakeyaml.Yaml",
        "jakarta.servlet.Filter",
    };

    private static URLClassLoader withoutOptionals() throws Exception {
        Set<URL> urls = new LinkedHashSet<>();
        for (String name : REQUIRED) {
            urls.add(Class.forName(name).getProtectionDomain().getCodeSource().getLocation());
        }
        for (URL url : urls) {
            assertThat(url.toString()).doesNotContain("okhttp", "okio", "kotlin", "opentelemetry");
        }
        return new URLClassLoader("no-optionals", urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
    }

    @Test
    void withoutOkHttpAndOpenTelemetryTheContextFilterAndJdkClientWork() throws Exception {
        try (URLClassLoader loader = withoutOptionals()) {
            assertThatThrownBy(() -> Class.forName("io.opentelemetry.context.Context", false, loader))
                    .isInstanceOf(ClassNotFoundException.class);
            Callable<?> scenario = (Callable<?>) Class.forName(IsolatedScenario.class.getName(), true, loader)
                    .getDeclaredConstructor().newInstance();

            assertThat(scenario.call()).isEqualTo(
                    "otel=false pool=canary lane=canary baggage=graylane.lane=canary jdk=canary filter=stable");
        }
    }

    @Test
    void onlyTheOkHttpPackageNeedsOkHttp() throws Exception {
        try (URLClassLoader loader = withoutOptionals()) {
            assertThatThrownBy(() -> Class.forName("io.graylane.library.client.okhttp.GraylaneInterceptor", true, loader))
                    .isInstanceOf(NoClassDefFoundError.class)
                    .hasMessageContaining("okhttp3");
        }
    }
}
