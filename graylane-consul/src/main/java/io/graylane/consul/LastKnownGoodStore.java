package io.graylane.consul;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.graylane.consul.internal.AtomicFiles;
import io.graylane.consul.internal.ConsulJson;
import io.graylane.consul.internal.Hashes;
import io.graylane.core.GraylaneException;
import io.graylane.core.model.Health;
import io.graylane.core.model.Instance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Keeps what was last served — the configuration document (raw text and version) and each service's
 * instances — in a local directory, so a gateway that starts while Consul is unreachable can still
 * serve. Files are JSON and replaced atomically (temp file, fsync, atomic rename, directory fsync):
 * a crash leaves the old or the new content, never a torn file. A file that cannot be read back
 * (corrupt, hash mismatch) is reported and ignored. Thread-safe.
 *
 * <p>Layout: {@code config-<key>.json} and {@code services/<service>[.dc-<dc>][.ns-<ns>].json}, names
 * percent-encoded so any key or service name is a safe file name.
 */
public final class LastKnownGoodStore {

    private static final Logger log = LoggerFactory.getLogger(LastKnownGoodStore.class);

    private final Path directory;
    private final Clock clock;

    /**
     * A saved configuration document.
     *
     * @param key     the Consul key it came from
     * @param version its version
     * @param text    the document as it was in Consul
     * @param savedAt when it was saved
     */
    public record StoredConfig(String key, ConfigVersion version, String text, Instant savedAt) {
        public StoredConfig {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(version, "version");
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(savedAt, "savedAt");
        }
    }

    /**
     * A saved instance snapshot of one service.
     *
     * @param service    the service
     * @param datacenter the datacenter it was read from (empty: the agent's)
     * @param namespace  the namespace it was read from (empty: none)
     * @param instances  the instances, as they were served
     * @param savedAt    when they were saved
     */
    public record StoredInstances(String service, String datacenter, String namespace, List<Instance> instances,
                                  Instant savedAt) {
        public StoredInstances {
            instances = List.copyOf(instances);
        }
    }

    private LastKnownGoodStore(Path directory, Clock clock) {
        this.directory = directory;
        this.clock = clock;
    }

    /** A store in {@code directory}, created if missing. */
    public static LastKnownGoodStore open(Path directory) {
        return open(directory, Clock.systemUTC());
    }

    /** A store in {@code directory} stamping saves with {@code clock}. */
    public static LastKnownGoodStore open(Path directory, Clock clock) {
        try {
            Files.createDirectories(directory.resolve("services"));
        } catch (IOException e) {
            throw new GraylaneException("last-known-good: cannot create directory " + directory + ": " + e, e);
        }
        return new LastKnownGoodStore(directory, clock);
    }

    /** The directory files are kept in. */
    public Path directory() {
        return directory;
    }

    // ---------------------------------------------------------------- configuration

    /** Saves the live configuration document of {@code key}. */
    public void saveConfig(String key, ConfigVersion version, String text) {
        ObjectNode root = ConsulJson.mapper().createObjectNode();
        root.put("key", key);
        root.put("modifyIndex", version.modifyIndex());
        root.put("contentHash", version.contentHash());
        root.put("savedAt", clock.instant().toString());
        root.put("text", text);
        write(configFile(key), root);
    }

    /** The saved document of {@code key}, if there is a readable one whose hash matches its text. */
    public Optional<StoredConfig> loadConfig(String key) {
        Path file = configFile(key);
        JsonNode root = read(file);
        if (root == null) {
            return Optional.empty();
        }
        try {
            String text = required(root, "text").asText();
            ConfigVersion version = new ConfigVersion(required(root, "modifyIndex").asLong(),
                    required(root, "contentHash").asText());
            if (!Hashes.sha256(text).equals(version.contentHash())) {
                log.warn("Last-known-good {}: the text does not match its hash; ignoring the file", file);
                return Optional.empty();
            }
            return Optional.of(new StoredConfig(required(root, "key").asText(), version, text,
                    Instant.parse(required(root, "savedAt").asText())));
        } catch (RuntimeException e) {
            log.warn("Last-known-good {}: unreadable ({}); ignoring the file", file, e.getMessage());
            return Optional.empty();
        }
    }

    // ---------------------------------------------------------------- instances

    /** Saves the instances of {@code service} as read from {@code datacenter}/{@code namespace}. */
    public void saveInstances(String service, String datacenter, String namespace, List<Instance> instances) {
        ObjectNode root = ConsulJson.mapper().createObjectNode();
        root.put("service", service);
        root.put("datacenter", datacenter);
        root.put("namespace", namespace);
        root.put("savedAt", clock.instant().toString());
        ArrayNode list = root.putArray("instances");
        for (Instance i : instances) {
            ObjectNode n = list.addObject();
            n.put("id", i.id());
            n.put("address", i.address());
            n.put("port", i.port());
            n.put("health", i.health().name().toLowerCase(java.util.Locale.ROOT));
            n.put("weight", i.weight());
            n.put("datacenter", i.datacenter());
            ObjectNode labels = n.putObject("labels");
            new java.util.TreeMap<>(i.labels()).forEach(labels::put);
        }
        write(servicesFile(service, datacenter, namespace), root);
    }

    /** The saved instances of {@code service} in {@code datacenter}/{@code namespace}, if readable. */
    public Optional<StoredInstances> loadInstances(String service, String datacenter, String namespace) {
        Path file = servicesFile(service, datacenter, namespace);
        JsonNode root = read(file);
        if (root == null) {
            return Optional.empty();
        }
        try {
            List<Instance> instances = new ArrayList<>();
            for (JsonNode n : required(root, "instances")) {
                Map<String, String> labels = new LinkedHashMap<>();
                n.path("labels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
                instances.add(new Instance(service, required(n, "id").asText(), required(n, "address").asText(),
                        required(n, "port").asInt(), Health.parse(required(n, "health").asText()),
                        required(n, "weight").asInt(), n.path("datacenter").asText(""), labels));
            }
            return Optional.of(new StoredInstances(service, datacenter, namespace, instances,
                    Instant.parse(required(root, "savedAt").asText())));
        } catch (RuntimeException e) {
            log.warn("Last-known-good {}: unreadable ({}); ignoring the file", file, e.getMessage());
            return Optional.empty();
        }
    }

    // ---------------------------------------------------------------- files

    private Path configFile(String key) {
        return directory.resolve("config-" + fileName(key) + ".json");
    }

    private Path servicesFile(String service, String datacenter, String namespace) {
        StringBuilder name = new StringBuilder(fileName(service));
        if (!datacenter.isEmpty()) {
            name.append(".dc-").append(fileName(datacenter));
        }
        if (!namespace.isEmpty()) {
            name.append(".ns-").append(fileName(namespace));
        }
        return directory.resolve("services").resolve(name + ".json");
    }

    /** Keeps {@code [A-Za-z0-9_-]}, percent-encodes every other byte (so no '.', '/' or '..' survives). */
    static String fileName(String s) {
        StringBuilder out = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-') {
                out.append((char) c);
            } else {
                out.append('%').append(String.format("%02X", c));
            }
        }
        return out.length() == 0 ? "%" : out.toString();
    }

    private void write(Path file, JsonNode root) {
        try {
            byte[] bytes = ConsulJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
            synchronized (this) {
                AtomicFiles.write(file, bytes);
            }
        } catch (IOException e) {
            throw new GraylaneException("last-known-good: cannot write " + file + ": " + e, e);
        }
    }

    private JsonNode read(Path file) {
        try {
            return ConsulJson.tree(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            log.warn("Last-known-good {}: unreadable ({}); ignoring the file", file, e.toString());
            return null;
        }
    }

    private static JsonNode required(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException("missing \"" + field + "\"");
        }
        return v;
    }
}
