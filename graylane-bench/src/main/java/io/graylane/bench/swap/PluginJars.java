package io.graylane.bench.swap;

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
import java.nio.file.StandardCopyOption;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * Small plugin jars built at set-up with the JDK's compiler against the plugin API, as a plugin author
 * builds them: middleware type {@code type} that sets {@code X-Stamp} to the jar's version on every
 * response. Needs a JDK (not a JRE). Stateless.
 */
public final class PluginJars {

    private PluginJars() {
    }

    /** Builds version {@code version} of the stamp plugin into {@code jar}; each version has its own package. */
    public static Path stamp(Path jar, String type, String version) {
        String pkg = "bench.p" + Integer.toHexString((type + version).hashCode() & 0xfffffff);
        String source = """
                package %1$s;

                import io.graylane.core.chain.*;

                public final class StampFactory implements MiddlewareFactory {
                    public String type() { return "%2$s"; }

                    public Middleware create(MiddlewareContext ctx) {
                        return next -> exchange -> next.handle(exchange).thenApply(r -> {
                            r.headers().set("X-Stamp", "%3$s");
                            return r;
                        });
                    }
                }
                """.formatted(pkg, type, version);
        String factory = pkg + ".StampFactory";
        try {
            Path work = Files.createTempDirectory("graylane-bench-plugin");
            Path file = work.resolve("src/" + factory.replace('.', '/') + ".java");
            Files.createDirectories(file.getParent());
            Files.writeString(file, source);
            Path classes = Files.createDirectories(work.resolve("classes"));
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            if (javac == null) {
                throw new IllegalStateException("plugin jar: no system Java compiler (expected: run on a JDK, not a JRE)");
            }
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            String[] args = {"-d", classes.toString(), "--release", "17", "-proc:none",
                    "-classpath", location(MiddlewareFactory.class), file.toString()};
            if (javac.run(null, OutputStream.nullOutputStream(), err, args) != 0) {
                throw new IllegalStateException("plugin jar: javac failed: " + err.toString(StandardCharsets.UTF_8));
            }
            Manifest manifest = new Manifest();
            manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
            manifest.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_TITLE, "bench-stamp");
            manifest.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_VERSION, version);
            Files.createDirectories(jar.toAbsolutePath().getParent());
            try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
                String entry = factory.replace('.', '/') + ".class";
                out.putNextEntry(new JarEntry(entry));
                out.write(Files.readAllBytes(classes.resolve(entry)));
                out.closeEntry();
                out.putNextEntry(new JarEntry("META-INF/services/" + MiddlewareFactory.class.getName()));
                out.write((factory + "\n").getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies {@code jar} into {@code directory} as {@code name} with an atomic rename (a new file, a new inode). */
    public static void install(Path jar, Path directory, String name) {
        try {
            Path tmp = Files.createTempFile(directory.getParent(), "installing", ".tmp");
            Files.copy(jar, tmp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(tmp, directory.resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String location(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
