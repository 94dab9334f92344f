package io.graylane.core.plugin;

import io.graylane.core.chain.MiddlewareFactory;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/** Builds plugin jars at test time: compiles Java sources with the JDK's compiler against core and SLF4J. */
public final class PluginJars {

    private PluginJars() {
    }

    /**
     * Compiles {@code sources} (class name → source) and writes a jar to {@code jar} that declares
     * {@code factories} in META-INF/services, with {@code title}/{@code version} in its manifest.
     */
    public static Path build(Path jar, String title, String version, Map<String, String> sources, String... factories) {
        try {
            Path work = Files.createTempDirectory(jar.getParent() == null ? Path.of(".") : tempRoot(), "plugin-src");
            Path src = work.resolve("src");
            Path classes = work.resolve("classes");
            Files.createDirectories(classes);
            List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "--release", "17", "-proc:none",
                    "-classpath", classpath()));
            for (Map.Entry<String, String> e : sources.entrySet()) {
                Path file = src.resolve(e.getKey().replace('.', '/') + ".java");
                Files.createDirectories(file.getParent());
                Files.writeString(file, e.getValue());
                args.add(file.toString());
            }
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int rc = javac.run(null, OutputStream.nullOutputStream(), err, args.toArray(String[]::new));
            if (rc != 0) {
                throw new IllegalStateException("javac failed: " + err.toString(StandardCharsets.UTF_8));
            }
            Manifest manifest = new Manifest();
            manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
            manifest.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_TITLE, title);
            manifest.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_VERSION, version);
            Files.createDirectories(jar.toAbsolutePath().getParent());
            Path tmp = Files.createTempFile(work, "plugin", ".jar");
            try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(tmp), manifest);
                 Stream<Path> files = Files.walk(classes)) {
                for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                    out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                    out.write(Files.readAllBytes(f));
                    out.closeEntry();
                }
                if (factories.length > 0) {
                    out.putNextEntry(new JarEntry("META-INF/services/" + MiddlewareFactory.class.getName()));
                    out.write((String.join("\n", factories) + "\n").getBytes(StandardCharsets.UTF_8));
                    out.closeEntry();
                }
            }
            // Appears at once, whole: a scan never sees half a jar.
            Files.move(tmp, jar, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path tempRoot() {
        return Path.of(System.getProperty("java.io.tmpdir"));
    }

    private static String classpath() {
        return location(MiddlewareFactory.class) + java.io.File.pathSeparator + location(org.slf4j.Logger.class);
    }

    private static String location(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
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
