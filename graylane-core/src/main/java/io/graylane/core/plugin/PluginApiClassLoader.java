package io.graylane.core.plugin;

import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * The parent of every plugin jar's class loader: it exposes only Graylane's plugin API (the chain SPI,
 * the model types it shows, {@link io.graylane.core.GraylaneException}), SLF4J's API and the JDK's
 * {@code java.*}/{@code javax.*} classes. Anything else (the gateway, Netty, Jackson, the rest of
 * core) is not found, so a plugin cannot reach the host's internals and may bundle its own copies of
 * libraries without clashing. Resources are not exposed. Thread-safe.
 */
final class PluginApiClassLoader extends ClassLoader {

    /** Packages (with the trailing dot) and single classes a plugin may use from the host. */
    static final List<String> API_PACKAGES = List.of(
            "io.graylane.core.chain.", "io.graylane.core.config.", "io.graylane.core.model.",
            "io.graylane.core.net.", "org.slf4j.");
    static final List<String> API_CLASSES = List.of(
            "io.graylane.core.GraylaneException", "io.graylane.core.rule.RequestView");

    private static final String VISIBLE = String.join(", ", API_PACKAGES.stream().map(p -> p + "*").toList())
            + ", " + String.join(", ", API_CLASSES);

    static {
        registerAsParallelCapable();
    }

    private final ClassLoader host;

    /** @param host the loader of Graylane's own classes (and SLF4J's) */
    PluginApiClassLoader(ClassLoader host) {
        super("graylane-plugin-api", null);
        this.host = host;
    }

    /** Whether a plugin may load {@code className} from the host. */
    static boolean exposed(String className) {
        if (API_CLASSES.contains(className)) {
            return true;
        }
        for (String p : API_PACKAGES) {
            if (className.startsWith(p) && className.indexOf('.', p.length()) < 0) {
                return true;
            }
        }
        return false;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (name.startsWith("java.") || name.startsWith("javax.")) {
            return getPlatformClassLoader().loadClass(name);
        }
        if (exposed(name)) {
            return host.loadClass(name);
        }
        throw new ClassNotFoundException(name + " (not part of Graylane's plugin API: a plugin sees only "
                + VISIBLE + ", java.* and javax.*; bundle other libraries in the plugin jar)");
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        return loadClass(name, false);
    }

    @Override
    public URL getResource(String name) {
        return null;
    }

    @Override
    public Enumeration<URL> getResources(String name) {
        return Collections.emptyEnumeration();
    }
}
