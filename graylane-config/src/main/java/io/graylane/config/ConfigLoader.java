package io.graylane.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.graylane.core.config.GraylaneConfig;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Reads a Graylane configuration file (YAML or JSON, same keys) into a validated
 * {@link GraylaneConfig}. Substitutes {@code ${ENV_VAR}} and {@code ${ENV_VAR:-default}} in string
 * values, then checks the whole file and reports every problem at once in a {@link ConfigException}
 * whose errors name the config path and line. Immutable and thread-safe.
 */
public final class ConfigLoader {

    private final Function<String, String> environment;

    /** A loader that substitutes from the process environment ({@link System#getenv(String)}). */
    public ConfigLoader() {
        this(System::getenv);
    }

    /**
     * A loader that substitutes from {@code environment}, which returns a variable's value or
     * {@code null} when it is unset (tests pass {@code Map.of(…)::get}).
     */
    public ConfigLoader(Function<String, String> environment) {
        this.environment = Objects.requireNonNull(environment, "environment");
    }

    /**
     * Loads {@code file}, choosing the format by extension: {@code .yaml}/{@code .yml} or {@code .json}.
     *
     * @throws ConfigException listing every problem, or why the file cannot be read
     */
    public GraylaneConfig load(Path file) {
        String source = file.toString();
        Format format = Format.of(file).orElseThrow(() -> single(source,
                "unknown file type (expected: a .yaml, .yml or .json file)"));
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw single(source, "no such file (expected: a readable config file)");
        } catch (CharacterCodingException e) {
            throw single(source, "not UTF-8 text (expected: a UTF-8 encoded file)");
        } catch (IOException e) {
            throw single(source, "cannot read: " + e);
        }
        return parse(text, format, source);
    }

    /**
     * Parses {@code text} in {@code format}; {@code sourceName} (a file name, a Consul key) starts
     * every error line.
     *
     * @throws ConfigException listing every problem found
     */
    public GraylaneConfig parse(String text, Format format, String sourceName) {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(sourceName, "sourceName");
        Map<String, SourceTree.Position> positions = new HashMap<>();
        Problems problems = new Problems(sourceName, positions);
        JsonNode root = SourceTree.read(text, format, positions, problems);
        GraylaneConfig config = null;
        if (root != null) {
            new EnvSubstitution(environment, problems).apply(root, "");
            config = new ConfigBinder(problems).bind(root);
        }
        if (config == null && problems.isEmpty()) {
            // Every path that yields no config records why; this is a safety net for the binder itself.
            problems.add("", "could not be bound (expected: a valid configuration; this is a Graylane bug)");
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems.inFileOrder());
        }
        return config;
    }

    private static ConfigException single(String source, String message) {
        return new ConfigException(List.of(new ConfigError(source, "", message)));
    }
}
