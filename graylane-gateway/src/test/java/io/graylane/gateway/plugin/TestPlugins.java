package io.graylane.gateway.plugin;

import io.graylane.core.chain.MiddlewareFactory;
import io.graylane.testkit.plugin.TestJar;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Plugin jars built at test time with the JDK's compiler, against Graylane core and SLF4J only (as a
 * plugin author builds them). The plugin's {@code acme.stamp} middleware sets {@code X-Stamp} to its
 * version on every response, or, with {@code config.probe} (a class name), to "loaded" or "not found";
 * the "fail-create" behaviour fails in create(), "throw" throws while serving and "hang" never answers.
 */
public final class TestPlugins {

    private TestPlugins() {
    }

    /** Builds the stamp plugin of {@code version} with {@code behaviour} ("ok", "fail-create", "throw", "hang") into {@code jar}. */
    public static Path stamp(Path jar, String type, String version, String behaviour) {
        String pkg = "acme.p" + Integer.toHexString((type + version + behaviour).hashCode() & 0xfffffff);
        String source = """
                package %1$s;

                import io.graylane.core.chain.*;

                public final class StampFactory implements MiddlewareFactory {
                    public String type() { return "%2$s"; }

                    public Middleware create(MiddlewareContext ctx) {
                        if ("%4$s".equals("fail-create")) {
                            throw new IllegalStateException("cannot reach the licence server");
                        }
                        String probe = ctx.string("probe", "");
                        String value;
                        if (probe.isEmpty()) {
                            value = "%3$s";
                        } else {
                            try {
                                Class.forName(probe, false, StampFactory.class.getClassLoader());
                                value = "loaded";
                            } catch (ClassNotFoundException e) {
                                value = "not found";
                            }
                        }
                        String stamp = value;
                        String behaviour = "%4$s";
                        return next -> exchange -> {
                            if (behaviour.equals("throw")) {
                                throw new IllegalStateException("plugin bug");
                            }
                            if (behaviour.equals("hang")) {
                                return new java.util.concurrent.CompletableFuture<>();
                            }
                            return next.handle(exchange).thenApply(r -> {
                                r.headers().set("X-Stamp", stamp);
                                return r;
                            });
                        };
                    }
                }
                """.formatted(pkg, type, version, behaviour);
        return build(jar, "stamp", version, pkg + ".StampFactory", source);
    }

    private static Path build(Path jar, String title, String version, String factory, String source) {
        return TestJar.builder().source(factory, source).compileAgainst(MiddlewareFactory.class, org.slf4j.Logger.class)
                .service(MiddlewareFactory.class.getName(), factory).manifest(title, version).writeTo(jar);
    }

    /** Copies {@code jar} into {@code directory} as {@code name}, appearing at once (a rename). */
    public static void install(Path jar, Path directory, String name) {
        try {
            Files.createDirectories(directory);
            Path tmp = Files.createTempFile(directory.getParent(), "installing", ".tmp");
            Files.copy(jar, tmp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(tmp, directory.resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
