package io.graylane.spring.boot.autoconfigure;

import io.graylane.core.chain.ChainListener;
import io.graylane.core.chain.MiddlewareFactory;
import io.graylane.core.plugin.PluginJar;
import io.graylane.library.servlet.GraylaneFilter;
import io.graylane.testkit.plugin.TestJar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** The filter's chain settings from {@code graylane.filter.*}: plugin directory and the application's chain listener. */
class GraylaneFilterSettingsTest {

    private final WebApplicationContextRunner web = new WebApplicationContextRunner()
            .withConfiguration(GraylaneAutoConfigurationTest.GRAYLANE)
            .withPropertyValues(GraylaneAutoConfigurationTest.CONFIG);

    @Test
    void pluginJarsInTheConfiguredDirectoryAreLoadedIntoTheFilter(@TempDir Path plugins) {
        String source = """
                package acme;

                import io.graylane.core.chain.*;

                public final class StampFactory implements MiddlewareFactory {
                    public String type() { return "acme.stamp"; }
                    public Middleware create(MiddlewareContext ctx) { return next -> next; }
                }
                """;
        TestJar.builder().source("acme.StampFactory", source).compileAgainst(MiddlewareFactory.class, org.slf4j.Logger.class)
                .service(MiddlewareFactory.class.getName(), "acme.StampFactory").manifest("stamp", "1.0.0")
                .writeTo(plugins.resolve("stamp-1.0.0.jar"));

        web.withPropertyValues("graylane.filter.plugin-dir=" + plugins).run(context -> {
            assertThat(context).hasNotFailed();
            List<PluginJar> jars = filter(context.getBean(FilterRegistrationBean.class)).pluginJars();
            assertThat(jars).singleElement().satisfies(jar -> {
                assertThat(jar.types()).containsExactly("acme.stamp");
                assertThat(jar.version()).isEqualTo("1.0.0");
            });
        });
    }

    @Test
    void aPluginDirectoryThatIsNotOneFailsTheStartNamingIt(@TempDir Path dir) {
        Path missing = dir.resolve("nope");
        web.withPropertyValues("graylane.filter.plugin-dir=" + missing).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("pluginDirectory")
                    .hasMessageContaining(missing.toString());
        });
    }

    @Test
    void theApplicationsChainListenerIsToldAboutTheFirstChain() {
        List<List<String>> swaps = new CopyOnWriteArrayList<>();
        ChainListener listener = new ChainListener() {
            @Override
            public void swapped(long generation, List<String> ids, long buildNanos) {
                swaps.add(ids);
            }
        };
        web.withBean(ChainListener.class, () -> listener).run(context -> {
            assertThat(context).hasNotFailed();
            filter(context.getBean(FilterRegistrationBean.class));
            assertThat(swaps).hasSize(1);
        });
    }

    private static GraylaneFilter filter(FilterRegistrationBean<?> registration) {
        return (GraylaneFilter) registration.getFilter();
    }
}
