package io.graylane.core.plugin;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * One plugin jar as loaded: where it was found, its name and version (from the manifest's
 * {@code Implementation-Title}/{@code Implementation-Version}, else from a file name such as
 * {@code acme-jwt-1.2.0.jar}), its SHA-256 and the middleware types it declares. Immutable.
 *
 * @param file    the jar in the plugin directory
 * @param name    the plugin's name
 * @param version its version, or {@code ""} when none is known
 * @param sha256  hex SHA-256 of the jar's bytes: a new version is a new hash, and gets a new loader
 * @param types   the middleware types its factories make, sorted
 */
public record PluginJar(Path file, String name, String version, String sha256, List<String> types) {
    public PluginJar {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(sha256, "sha256");
        types = List.copyOf(types);
    }

    /** The jar's file name, as errors name it. */
    public String fileName() {
        return file.getFileName().toString();
    }

    @Override
    public String toString() {
        return fileName() + " (" + name + (version.isEmpty() ? "" : " " + version) + ", sha256 " + sha256.substring(0, 12) + ")";
    }
}
