package io.graylane.testkit.plugin;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * A jar built at test time from Java sources with the JDK's compiler, as a plugin author builds one:
 * compiled against the jars of the given API classes only, with {@code META-INF/services} entries and
 * an {@code Implementation-Title}/{@code -Version} manifest. The jar appears at its path whole (a
 * rename), so a directory scan never sees half of it. Needs a JDK (not a JRE). Not thread-safe.
 *
 * <pre>{@code
 * TestJar.builder().source("acme.StampFactory", code).compileAgainst(MiddlewareFactory.class, Logger.class)
 *         .service(MiddlewareFactory.class.getName(), "acme.StampFactory").manifest("stamp", "1.0")
 *         .writeTo(dir.resolve("stamp-1.0.jar"));
 * }</pre>
 */
public final class TestJar {

    private final Map<String, String> sources = new LinkedHashMap<>();
    private final List<String> classpath = new ArrayList<>();
    private final Map<String, List<String>> services = new LinkedHashMap<>();
    private String title;
    private String version;

    private TestJar() {
    }

    /** A builder of an empty jar. */
    public static TestJar builder() {
        return new TestJar();
    }

    /** Adds the source of top-level class {@code className} (e.g. {@code acme.StampFactory}). */
    public TestJar source(String className, String code) {
        sources.put(Objects.requireNonNull(className, "className"), Objects.requireNonNull(code, "code"));
        return this;
    }

    /** Adds every source of {@code classNameToCode}. */
    public TestJar sources(Map<String, String> classNameToCode) {
        classNameToCode.forEach(this::source);
        return this;
    }

    /** Compiles against the jars (or class directories) these classes were loaded from. */
    public TestJar compileAgainst(Class<?>... api) {
        for (Class<?> c : api) {
            classpath.add(location(c));
        }
        return this;
    }

    /** Declares {@code implementations} of {@code service} (an interface name) in {@code META-INF/services}. */
    public TestJar service(String service, String... implementations) {
        services.computeIfAbsent(Objects.requireNonNull(service, "service"), s -> new ArrayList<>())
                .addAll(List.of(implementations));
        return this;
    }

    /** Sets the manifest's {@code Implementation-Title} and {@code Implementation-Version}. */
    public TestJar manifest(String implementationTitle, String implementationVersion) {
        this.title = Objects.requireNonNull(implementationTitle, "implementationTitle");
        this.version = Objects.requireNonNull(implementationVersion, "implementationVersion");
        return this;
    }

    /**
     * Compiles the sources and writes the jar to {@code jar} (replacing a file there), creating its directory.
     *
     * @throws IllegalStateException with javac's messages when the sources do not compile
     */
    public Path writeTo(Path jar) {
        try {
            Path work = Files.createTempDirectory("graylane-test-jar");
            Path classes = Files.createDirectories(work.resolve("classes"));
            List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "--release", "17", "-proc:none"));
            if (!classpath.isEmpty()) {
                args.add("-classpath");
                args.add(String.join(File.pathSeparator, classpath));
            }
            for (Map.Entry<String, String> e : sources.entrySet()) {
                Path file = work.resolve("src").resolve(e.getKey().replace('.', '/') + ".java");
                Files.createDirectories(file.getParent());
                Files.writeString(file, e.getValue());
                args.add(file.toString());
            }
            if (!sources.isEmpty()) {
                compile(args);
            }
            Path tmp = work.resolve("out.jar");
            try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(tmp), manifest());
                 Stream<Path> files = Files.walk(classes)) {
                for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                    entry(out, classes.relativize(f).toString().replace('\\', '/'), Files.readAllBytes(f));
                }
                for (Map.Entry<String, List<String>> s : services.entrySet()) {
                    entry(out, "META-INF/services/" + s.getKey(),
                            (String.join("\n", s.getValue()) + "\n").getBytes(StandardCharsets.UTF_8));
                }
            }
            Path target = jar.toAbsolutePath();
            Files.createDirectories(target.getParent());
            Path staged = Files.createTempFile(target.getParent(), ".staging", ".tmp");
            Files.move(tmp, staged, StandardCopyOption.REPLACE_EXISTING);
            return Files.move(staged, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void compile(List<String> args) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new IllegalStateException("TestJar: no system Java compiler (expected: tests running on a JDK)");
        }
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        if (javac.run(null, OutputStream.nullOutputStream(), err, args.toArray(String[]::new)) != 0) {
            throw new IllegalStateException("javac failed: " + err.toString(StandardCharsets.UTF_8));
        }
    }

    private Manifest manifest() {
        Manifest manifest = new Manifest();
        Attributes a = manifest.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (title != null) {
            a.put(Attributes.Name.IMPLEMENTATION_TITLE, title);
            a.put(Attributes.Name.IMPLEMENTATION_VERSION, version);
        }
        return manifest;
    }

    private static void entry(JarOutputStream out, String name, byte[] bytes) throws IOException {
        out.putNextEntry(new JarEntry(name));
        out.write(bytes);
        out.closeEntry();
    }

    private static String location(Class<?> c) {
        java.security.CodeSource source = c.getProtectionDomain().getCodeSource();
        if (source == null) {
            throw new IllegalArgumentException("compileAgainst: " + c.getName() + " (expected: a class loaded from a jar or directory)");
        }
        try {
            return Path.of(source.getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("compileAgainst: " + c.getName() + ": " + e.getMessage(), e);
        }
    }
}
