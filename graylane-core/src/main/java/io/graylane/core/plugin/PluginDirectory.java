package io.graylane.core.plugin;

import io.graylane.core.GraylaneException;
import io.graylane.core.chain.ChainListener;
import io.graylane.core.chain.DurationChecks;
import io.graylane.core.chain.MiddlewareFactory;
import io.graylane.core.chain.MiddlewareRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.jar.Attributes;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A directory of plugin jars, scanned on demand (at start and on every reload). Each jar version
 * (by SHA-256) gets its own class loader under a parent that exposes only the plugin API
 * ({@link PluginApiClassLoader}); its {@link MiddlewareFactory}s are found with {@link java.util.ServiceLoader}.
 * A scan that finds the same jars as the last one reuses their loaders and registry; a new jar version
 * gets a new loader and the old one closes when the last chain using it was drained and closed. A scan
 * that fails (a jar that cannot be loaded, a type declared twice) changes nothing. Scans are serialized;
 * everything else is thread-safe.
 */
public final class PluginDirectory implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PluginDirectory.class);
    private static final Pattern NAME_VERSION = Pattern.compile("(.+?)-(\\d[\\w.+-]*)");

    /** What tells a jar changed without reading it; the file key (inode) catches a same-size replacement within a millisecond. */
    private record Stamp(String name, long size, long modified, Object fileKey) {
    }

    private final Path directory;
    private final MiddlewareRegistry builtins;
    private final ClassLoader api;
    private final long serveTimeoutNanos;
    private final PluginFailures failures = new PluginFailures();
    private final Path cache;
    // Guarded by this.
    private PluginState state;
    private PluginSet held;
    private List<Stamp> stamps = List.of();
    private List<Stamp> attempted;
    private boolean closed;
    private long loads;

    private PluginDirectory(Builder b) {
        this.directory = b.directory;
        this.builtins = b.builtins;
        this.api = new PluginApiClassLoader(b.host);
        this.serveTimeoutNanos = b.serveTimeout.toNanos();
        try {
            this.cache = Files.createTempDirectory("graylane-plugins-");
        } catch (IOException e) {
            throw new GraylaneException("plugins: cannot create a directory for plugin copies: " + e, e);
        }
        this.state = new PluginState(List.of(), builtins);
        this.held = state.hold();
    }

    /** A builder for the plugin directory {@code directory}. */
    public static Builder builder(Path directory) {
        return new Builder(directory);
    }

    /** The directory scanned. */
    public Path directory() {
        return directory;
    }

    /** Serving failures of plugin middleware, by type, since this directory was opened. */
    public PluginFailures failures() {
        return failures;
    }

    /** The jars of the last successful scan. */
    public synchronized List<PluginJar> jars() {
        return state.jars();
    }

    /** A holder of the last successful scan's plugins (built-ins only before the first); the caller closes it. */
    public synchronized PluginSet current() {
        return state.hold();
    }

    /**
     * Looks at the directory again and returns a holder of what it holds now, which the caller owns
     * (close it, or hand it to the chain it builds). Unchanged jars keep their loaders and the same
     * registry instance.
     *
     * @throws GraylaneException naming the jar that cannot be loaded, or both jars declaring one type;
     *                           the last good plugins stay current
     */
    public synchronized PluginSet scan() {
        if (closed) {
            throw new IllegalStateException("plugins: directory closed");
        }
        List<Path> files = list();
        List<Stamp> now = stamp(files);
        attempted = now;
        if (now.equals(stamps)) {
            return state.hold();
        }
        Map<String, LoadedPlugin> previous = new LinkedHashMap<>();
        state.plugins().forEach(p -> previous.put(p.jar().sha256(), p));
        List<LoadedPlugin> plugins = new ArrayList<>(files.size());
        List<LoadedPlugin> fresh = new ArrayList<>();
        try {
            for (Path file : files) {
                byte[] bytes = read(file);
                String sha = sha256(bytes);
                LoadedPlugin p = previous.get(sha);
                if (p == null) {
                    p = load(file, bytes, sha);
                    fresh.add(p);
                }
                plugins.add(p);
            }
            boolean same = plugins.equals(state.plugins());
            PluginState next = same ? state : new PluginState(plugins, registry(plugins));
            if (!same) {
                PluginSet oldHeld = held;
                state = next;
                held = next.hold();
                oldHeld.close();
                log.info("plugins in {}: {}", directory, next.jars().isEmpty() ? "none" : next.jars());
            }
            stamps = now;
            return next.hold();
        } catch (RuntimeException | Error e) {
            fresh.forEach(LoadedPlugin::discard);
            throw e;
        }
    }

    /**
     * {@link #scan()}, telling {@code listener} about a refusal before it is thrown (outside this
     * directory's lock): what an adapter does before each chain update, so that a bad jar shows in its
     * metrics and rejection history.
     *
     * @throws GraylaneException as {@link #scan()}, after {@link ChainListener#rejected} was called
     */
    public PluginSet scan(ChainListener listener) {
        Objects.requireNonNull(listener, "listener");
        try {
            return scan();
        } catch (GraylaneException e) {
            listener.rejected(e);
            throw e;
        }
    }

    /**
     * Whether the directory's jars (names, sizes, modification times) differ from what the last scan,
     * successful or not, saw: a cheap check before a rescan on a timer.
     */
    public synchronized boolean changed() {
        try {
            return !stamp(list()).equals(attempted);
        } catch (GraylaneException e) {
            return true;
        }
    }

    private List<Path> list() {
        if (!Files.isDirectory(directory)) {
            throw new GraylaneException("plugins: " + directory + ": no such directory (expected: a directory of plugin jars)");
        }
        try (Stream<Path> s = Files.list(directory)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".jar") && Files.isRegularFile(p)).sorted().toList();
        } catch (IOException e) {
            throw new GraylaneException("plugins: " + directory + ": cannot list (" + e + ")", e);
        }
    }

    private static List<Stamp> stamp(List<Path> files) {
        List<Stamp> out = new ArrayList<>(files.size());
        for (Path f : files) {
            try {
                BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
                out.add(new Stamp(f.getFileName().toString(), a.size(), a.lastModifiedTime().toMillis(), a.fileKey()));
            } catch (IOException e) {
                out.add(new Stamp(f.getFileName().toString(), -1, -1, null)); // gone meanwhile: the scan says so
            }
        }
        return out;
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new GraylaneException("plugins: " + file.getFileName() + ": cannot read (" + e + ")", e);
        }
    }

    private LoadedPlugin load(Path file, byte[] bytes, String sha) {
        String name = file.getFileName().toString();
        name = name.substring(0, name.length() - ".jar".length());
        String version = "";
        Matcher m = NAME_VERSION.matcher(name);
        if (m.matches()) {
            name = m.group(1);
            version = m.group(2);
        }
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(bytes))) {
            Manifest manifest = in.getManifest();
            if (manifest != null) {
                Attributes a = manifest.getMainAttributes();
                name = Objects.requireNonNullElse(a.getValue(Attributes.Name.IMPLEMENTATION_TITLE), name);
                version = Objects.requireNonNullElse(a.getValue(Attributes.Name.IMPLEMENTATION_VERSION), version);
            }
        } catch (IOException e) {
            throw new GraylaneException("plugins: " + file.getFileName() + ": not a jar (" + e.getMessage() + ")", e);
        }
        // One copy per loader: a version that comes back while its old loader still drains gets its own.
        Path copy = cache.resolve(sha.substring(0, 16) + "-" + (++loads) + ".jar");
        try {
            Files.write(copy, bytes);
        } catch (IOException e) {
            throw new GraylaneException("plugins: " + file.getFileName() + ": cannot copy to " + copy + " (" + e + ")", e);
        }
        return LoadedPlugin.load(file, copy, name, version, sha, api, failures, serveTimeoutNanos);
    }

    private MiddlewareRegistry registry(List<LoadedPlugin> plugins) {
        Map<String, String> owner = new LinkedHashMap<>();
        List<MiddlewareFactory> factories = new ArrayList<>();
        for (String type : builtins.types()) {
            owner.put(type, "the built-in middleware");
            factories.add(builtins.find(type).orElseThrow());
        }
        for (LoadedPlugin p : plugins) {
            for (MiddlewareFactory f : p.factories()) {
                String first = owner.putIfAbsent(f.type(), p.jar().fileName());
                if (first != null) {
                    throw new GraylaneException("plugins: middleware type \"" + f.type() + "\" is declared by both "
                            + first + " and " + p.jar().fileName() + " (expected: each type from one place only)");
                }
                factories.add(f);
            }
        }
        try {
            return MiddlewareRegistry.of(factories);
        } catch (GraylaneException e) {
            throw new GraylaneException("plugins: " + e.getMessage(), e);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Releases the directory's own hold on the current plugins; their loaders close once no chain uses them. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            held.close();
        }
    }

    /** Builds a {@link PluginDirectory}. Not thread-safe. */
    public static final class Builder {
        private final Path directory;
        private MiddlewareRegistry builtins = MiddlewareRegistry.empty();
        private ClassLoader host = MiddlewareFactory.class.getClassLoader();
        private Duration serveTimeout = Duration.ofSeconds(30);

        private Builder(Path directory) {
            this.directory = Objects.requireNonNull(directory, "directory");
        }

        /** Types every scan's registry starts with; a plugin may not declare one of them. Default none. */
        public Builder builtins(MiddlewareRegistry value) {
            this.builtins = Objects.requireNonNull(value, "builtins");
            return this;
        }

        /**
         * How long a plugin middleware may take to answer a request before the request fails with a
         * timeout (counted in {@link PluginFailures#timedOut()}); 0 turns it off. Default 30s.
         */
        public Builder serveTimeout(Duration value) {
            this.serveTimeout = DurationChecks.nonNegative("serveTimeout", value);
            return this;
        }

        /** The loader plugin API classes are taken from; default the one that loaded Graylane core. */
        public Builder hostClassLoader(ClassLoader value) {
            this.host = Objects.requireNonNull(value, "hostClassLoader");
            return this;
        }

        /** Opens the directory; the first {@link PluginDirectory#scan()} loads its jars. */
        public PluginDirectory build() {
            return new PluginDirectory(this);
        }
    }
}
