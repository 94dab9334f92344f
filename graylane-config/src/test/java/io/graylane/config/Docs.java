package io.graylane.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** The repository's docs folder, its examples and its JSON Schema, as tests see them. */
final class Docs {

    /** Surefire runs in the module directory; docs/ is beside it. */
    static final Path DOCS = Path.of("..", "docs").toAbsolutePath().normalize();
    static final Path EXAMPLES = DOCS.resolve("examples");
    static final Path SCHEMA_FILE = DOCS.resolve("graylane.schema.json");
    static final String SCHEMA_RESOURCE = "/io/graylane/config/graylane.schema.json";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final YAMLMapper YAML = new YAMLMapper();

    private Docs() {
    }

    static List<Path> examples() {
        try (Stream<Path> files = Files.list(EXAMPLES)) {
            return files.filter(p -> Format.of(p).isPresent()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode schemaNode() {
        try (InputStream in = Docs.class.getResourceAsStream(SCHEMA_RESOURCE)) {
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonSchema schema() {
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schemaNode());
    }

    /** The file as written (no substitution), as plain Jackson reads it. */
    static JsonNode raw(String text, Format format) {
        try {
            return (format == Format.YAML ? YAML : JSON).readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Set<ValidationMessage> validate(Path file) {
        try {
            return schema().validate(raw(Files.readString(file), Format.of(file).orElseThrow()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
