package io.graylane.core.plugin;

import io.graylane.core.GraylaneException;
import io.graylane.core.chain.MiddlewareFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One plugin jar version loaded in its own class loader, with the factories {@link ServiceLoader}
 * found there, reference-counted by the {@link PluginState}s that include it: the last release closes
 * the class loader and deletes the private copy of the jar it reads. Thread-safe.
 */
final class LoadedPlugin {

    private static final Logger log = LoggerFactory.getLogger(LoadedPlugin.class);

    private final PluginJar jar;
    private final Path copy;
    private final URLClassLoader loader;
    private final List<MiddlewareFactory> factories;
    private final AtomicInteger references = new AtomicInteger();

    private LoadedPlugin(PluginJar jar, Path copy, URLClassLoader loader, List<MiddlewareFactory> factories) {
        this.jar = jar;
        this.copy = copy;
        this.loader = loader;
        this.factories = factories;
    }

    /**
     * Loads the jar from {@code copy} (a private copy of {@code file}, so that replacing the file in the
     * plugin directory cannot disturb a loader still in use) under {@code api}.
     *
     * @throws GraylaneException naming the jar when it cannot be opened or a factory cannot be made
     */
    static LoadedPlugin load(Path file, Path copy, String name, String version, String sha256, ClassLoader api,
                             PluginFailures failures, long serveTimeoutNanos) {
        String where = "plugins: " + file.getFileName();
        URLClassLoader loader;
        try {
            loader = new URLClassLoader("graylane-plugin:" + file.getFileName() + "@" + sha256.substring(0, 12),
                    new java.net.URL[] {copy.toUri().toURL()}, api);
        } catch (IOException e) {
            throw new GraylaneException(where + ": cannot open (" + e + ")", e);
        }
        List<MiddlewareFactory> factories = new ArrayList<>();
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            Iterator<MiddlewareFactory> it = ServiceLoader.load(MiddlewareFactory.class, loader).iterator();
            while (it.hasNext()) {
                MiddlewareFactory f = it.next();
                if (f.getClass().getClassLoader() != loader) {
                    continue; // a factory of the host, visible through the API loader: not this jar's
                }
                factories.add(f);
            }
        } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
            closeLoader(loader);
            throw new GraylaneException(where + ": cannot load its middleware factories: " + describe(e), e);
        } finally {
            thread.setContextClassLoader(before);
        }
        if (factories.isEmpty()) {
            closeLoader(loader);
            throw new GraylaneException(where + ": declares no middleware factory (expected: a line naming a class in "
                    + "META-INF/services/" + MiddlewareFactory.class.getName() + ")");
        }
        TreeSet<String> types = new TreeSet<>();
        List<MiddlewareFactory> guarded = new ArrayList<>(factories.size());
        for (MiddlewareFactory f : factories) {
            String type;
            try {
                type = f.type();
            } catch (RuntimeException | LinkageError e) {
                closeLoader(loader);
                throw new GraylaneException(where + ": " + f.getClass().getName() + ".type() failed: " + describe(e), e);
            }
            if (!types.add(String.valueOf(type))) {
                closeLoader(loader);
                throw new GraylaneException(where + ": middleware type \"" + type + "\" is declared twice in this jar");
            }
        }
        PluginJar jar = new PluginJar(file, name, version, sha256, List.copyOf(types));
        LoadedPlugin plugin = new LoadedPlugin(jar, copy, loader, guarded);
        for (MiddlewareFactory f : factories) {
            guarded.add(new GuardedFactory(f, jar, loader, failures, serveTimeoutNanos));
        }
        return plugin;
    }

    static String describe(Throwable e) {
        return e.getMessage() == null ? e.getClass().getName() : e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    private static void closeLoader(URLClassLoader loader) {
        try {
            loader.close();
        } catch (IOException e) {
            log.warn("closing plugin class loader {} failed: {}", loader.getName(), e.toString());
        }
    }

    PluginJar jar() {
        return jar;
    }

    ClassLoader loader() {
        return loader;
    }

    /** The jar's factories, each wrapped by the guard that names the jar and counts serving failures. */
    List<MiddlewareFactory> factories() {
        return factories;
    }

    void retain() {
        references.incrementAndGet();
    }

    /** Drops one reference; the last closes the loader. */
    void release() {
        if (references.decrementAndGet() == 0) {
            closeLoader(loader);
            try {
                Files.deleteIfExists(copy);
            } catch (IOException e) {
                log.debug("could not delete {}: {}", copy, e.toString());
            }
            log.info("plugin {} unloaded (class loader closed)", jar);
        }
    }

    /** Closes a plugin that no state ever included (its scan failed). */
    void discard() {
        if (references.get() == 0) {
            references.set(1);
            release();
        }
    }

    /** Whether the class loader was closed (nothing references this version any more). */
    boolean unloaded() {
        return references.get() <= 0;
    }
}
