package io.graylane.core.plugin;

import io.graylane.core.chain.MiddlewareFactory;
import io.graylane.testkit.plugin.TestJar;

import java.nio.file.Path;
import java.util.Map;

/** Builds plugin jars at test time: compiles Java sources with the JDK's compiler against core and SLF4J. */
public final class PluginJars {

    private PluginJars() {
    }

    /**
     * Compiles {@code sources} (class name → source) and writes a jar to {@code jar} that declares
     * {@code factories} in META-INF/services, with {@code title}/{@code version} in its manifest.
     */
    public static Path build(Path jar, String title, String version, Map<String, String> sources, String... factories) {
        TestJar b = TestJar.builder().sources(sources).compileAgainst(MiddlewareFactory.class, org.slf4j.Logger.class)
                .manifest(title, version);
        if (factories.length > 0) {
            b.service(MiddlewareFactory.class.getName(), factories);
        }
        return b.writeTo(jar);
    }

    /**
     * Source of a plugin factory {@code pkg.StampFactory} of type {@code type} whose middleware adds the
     * response header {@code X-Stamp: <stamp>} and, when {@code behaviour} is "throw" or "hang", throws
     * or never answers while serving; "fail-create" fails in create(); "probe" tries to load
     * {@code config.probe} (a class name) and stamps "loaded" or "not found".
     */
    public static Map<String, String> stampPlugin(String pkg, String type, String stamp, String behaviour) {
        String factory = """
                package %1$s;

                import io.graylane.core.chain.*;
                import java.util.concurrent.CompletableFuture;
                
                public final class StampFactory implements MiddlewareFactory {
                    public String type() { return "%2$s"; }

                    public Middleware create(MiddlewareContext ctx) {
                        String behaviour = "%4$s";
                        if (behaviour.equals("fail-create")) {
                            throw new IllegalStateException("cannot reach the licence server");
                        }
                        String probe = ctx.string("probe", "");
                        return new Stamp(behaviour, probe);
                    }

                    static final class Stamp implements Middleware, AutoCloseable {
                        final String behaviour;
                        final String probe;
                        Stamp(String behaviour, String probe) { this.behaviour = behaviour; this.probe = probe; }

                        public Handler apply(Handler next) {
                            return exchange -> {
                                if (behaviour.equals("throw")) {
                                    throw new IllegalStateException("plugin bug");
                                }
                                if (behaviour.equals("hang")) {
                                    return new CompletableFuture<>();
                                }
                                String value = "%3$s";
                                if (!probe.isEmpty()) {
                                    try {
                                        Class.forName(probe, false, StampFactory.class.getClassLoader());
                                        value = "loaded";
                                    } catch (ClassNotFoundException e) {
                                        value = "not found";
                                    }
                                }
                                String v = value;
                                return next.handle(exchange).thenApply(r -> { r.headers().set("X-Stamp", v); return r; });
                            };
                        }

                        public void close() { }
                    }
                }
                """.formatted(pkg, type, stamp, behaviour);
        return Map.of(pkg + ".StampFactory", factory);
    }
}
