package io.graylane.spring.boot.autoconfigure;

import io.graylane.config.ConfigException;
import io.graylane.config.ConfigLoader;
import io.graylane.config.Format;
import io.graylane.core.GraylaneException;
import io.graylane.core.config.GraylaneConfig;
import org.springframework.core.env.Environment;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Locale;

/** Reads a Graylane configuration from a Spring resource location. Stateless. */
final class GraylaneConfigResources {

    /** Where the configuration is looked for when {@code graylane.config} is not set. */
    static final List<String> DEFAULT_LOCATIONS = List.of(
            "classpath:graylane.yaml", "classpath:graylane.yml", "classpath:graylane.json");

    private GraylaneConfigResources() {
    }

    /**
     * A loader whose {@code ${VAR}} substitutions read the Spring {@link Environment} (system properties,
     * environment variables and the application's property sources).
     */
    static ConfigLoader loader(Environment environment) {
        return new ConfigLoader(environment::getProperty);
    }

    /**
     * The configuration at {@code location} (or at the first default location that exists).
     *
     * @throws ConfigException    listing every problem of the document, each line starting with its location
     * @throws GraylaneException  naming {@code graylane.config} when the location cannot be read
     */
    static GraylaneConfig load(String location, ResourceLoader resources, Environment environment) {
        String where = location == null || location.isBlank() ? firstExisting(resources) : location.strip();
        Resource resource = resources.getResource(where);
        if (!resource.exists()) {
            throw new GraylaneException("graylane.config: " + where + " (expected: an existing YAML or JSON file,"
                    + " e.g. classpath:graylane.yaml or file:/etc/myapp/graylane.yaml)");
        }
        Format format = format(where);
        String text;
        try (InputStream in = resource.getInputStream()) {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(in.readAllBytes())).toString();
        } catch (CharacterCodingException e) {
            throw new GraylaneException("graylane.config: " + where + " (expected: UTF-8 text)");
        } catch (IOException e) {
            throw new GraylaneException("graylane.config: " + where + ": cannot read: " + e, e);
        }
        return loader(environment).parse(text, format, where);
    }

    private static String firstExisting(ResourceLoader resources) {
        for (String location : DEFAULT_LOCATIONS) {
            if (resources.getResource(location).exists()) {
                return location;
            }
        }
        throw new GraylaneException("graylane.config: not set (expected: a location such as classpath:graylane.yaml,"
                + " or one of " + DEFAULT_LOCATIONS + " present)");
    }

    private static Format format(String location) {
        String lower = location.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".json")) {
            return Format.JSON;
        }
        if (lower.endsWith(".yaml") || lower.endsWith(".yml")) {
            return Format.YAML;
        }
        throw new GraylaneException("graylane.config: " + location + " (expected: a .yaml, .yml or .json file)");
    }
}
