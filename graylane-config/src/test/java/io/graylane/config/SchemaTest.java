package io.graylane.config;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

class SchemaTest {

    @Test
    void docsSchemaIsByteIdenticalToTheClasspathCopy() throws IOException {
        byte[] resource;
        try (InputStream in = SchemaTest.class.getResourceAsStream(Docs.SCHEMA_RESOURCE)) {
            assertThat(in).as("classpath resource " + Docs.SCHEMA_RESOURCE).isNotNull();
            resource = in.readAllBytes();
        }
        assertThat(Files.readAllBytes(Docs.SCHEMA_FILE))
                .as("docs/graylane.schema.json must be a copy of graylane-config/src/main/resources"
                        + Docs.SCHEMA_RESOURCE)
                .isEqualTo(resource);
    }

    @Test
    void schemaIsDraft202012AndLoads() {
        assertThat(Docs.schemaNode().path("$schema").asText()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
        assertThat(Docs.schema()).isNotNull();
    }

    @ParameterizedTest
    @EnumSource(KnownKeys.class)
    void schemaDeclaresExactlyTheKeysTheBinderAccepts(KnownKeys kind) {
        JsonNode def = definition(kind);
        assertThat(def.isMissingNode()).as("$defs/" + kind.schemaDef() + " exists").isFalse();
        assertThat(names(def.path("properties"))).as("properties of " + where(kind)).isEqualTo(new TreeSet<>(kind.keys()));
        assertThat(def.path("additionalProperties").isBoolean() && !def.path("additionalProperties").booleanValue())
                .as(where(kind) + " has additionalProperties: false").isTrue();
    }

    @ParameterizedTest
    @EnumSource(KnownKeys.class)
    void schemaRequiresExactlyTheKeysTheBinderRequires(KnownKeys kind) {
        Set<String> required = new TreeSet<>();
        definition(kind).path("required").forEach(n -> required.add(n.asText()));
        assertThat(required).as("required of " + where(kind)).isEqualTo(new TreeSet<>(kind.required()));
    }

    @Test
    void everyObjectDefinitionInTheSchemaIsKnownToTheBinder() {
        Set<String> withProperties = new LinkedHashSet<>();
        for (Map.Entry<String, JsonNode> e : Docs.schemaNode().path("$defs").properties()) {
            if (e.getValue().has("properties")) {
                withProperties.add(e.getKey());
            }
        }
        Set<String> known = new LinkedHashSet<>();
        for (KnownKeys k : KnownKeys.values()) {
            if (!k.schemaDef().isEmpty()) {
                known.add(k.schemaDef());
            }
        }
        assertThat(withProperties).containsExactlyInAnyOrderElementsOf(known);
    }

    @Test
    void everyPropertyHasADescriptionOrAReferenceThatHasOne() {
        JsonNode root = Docs.schemaNode();
        Set<String> undocumented = new TreeSet<>();
        for (KnownKeys kind : KnownKeys.values()) {
            for (Map.Entry<String, JsonNode> p : definition(kind).path("properties").properties()) {
                JsonNode v = p.getValue();
                boolean described = v.has("description") || (v.has("$ref")
                        && root.at(v.get("$ref").asText().substring(1)).has("description"));
                if (!described) {
                    undocumented.add(where(kind) + "." + p.getKey());
                }
            }
        }
        assertThat(undocumented).isEmpty();
    }

    private static JsonNode definition(KnownKeys kind) {
        JsonNode root = Docs.schemaNode();
        return kind.schemaDef().isEmpty() ? root : root.path("$defs").path(kind.schemaDef());
    }

    private static String where(KnownKeys kind) {
        return kind.schemaDef().isEmpty() ? "the root" : "$defs/" + kind.schemaDef();
    }

    private static Set<String> names(JsonNode object) {
        Set<String> out = new TreeSet<>();
        object.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
