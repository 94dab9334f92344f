package io.graylane.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads YAML or JSON text into a Jackson tree in one token pass, recording the line and column of
 * every key and list element by config path (so errors found later can say where they are) and
 * reporting duplicate keys, which Jackson's own tree reader would silently overwrite. Numbers with a
 * fraction become exact decimals, so {@code percent: 5.25} means exactly 525 basis points.
 */
final class SourceTree {

    /** A 1-based line and column; 0 when unknown. */
    record Position(int line, int column) {
        static final Position UNKNOWN = new Position(0, 0);
    }

    private static final JsonFactory JSON = JsonFactory.builder().build();
    // "key:" with nothing after it is null in YAML, not "" (quoted "" stays a string).
    private static final YAMLFactory YAML = YAMLFactory.builder()
            .enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL).build();
    /** YAML merge key: {@code <<: *defaults} copies the anchored object's keys that are not set here. */
    private static final String MERGE_KEY = "<<";
    /** Bound on nodes copied through aliases, against "billion laughs" documents. */
    private static final int MAX_ALIAS_NODES = 100_000;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Map<String, Position> positions;
    private final Problems problems;
    private final Map<Object, JsonNode> anchors = new HashMap<>();
    private int aliasNodes;

    private SourceTree(Map<String, Position> positions, Problems problems) {
        this.positions = positions;
        this.problems = problems;
    }

    /**
     * Parses {@code text}; returns the root node, or {@code null} after recording a syntax error.
     * Positions go to {@code positions}, problems (syntax, duplicate keys) to {@code problems}.
     */
    static JsonNode read(String text, Format format, Map<String, Position> positions, Problems problems) {
        return new SourceTree(positions, problems).read(text, format);
    }

    private JsonNode read(String text, Format format) {
        JsonFactory factory = format == Format.YAML ? YAML : JSON;
        try (JsonParser p = factory.createParser(text)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                problems.addAt("", "the file is empty (expected: an object with lanes and coloring)", Position.UNKNOWN);
                return null;
            }
            positions.put("", position(p.currentTokenLocation()));
            JsonNode root = value(p, "");
            JsonToken next = p.nextToken();
            while (format == Format.YAML && next == JsonToken.VALUE_NULL) {
                next = p.nextToken(); // a trailing "---" opens an empty document: harmless
            }
            if (next != null) {
                problems.addAt("", format == Format.YAML
                        ? "a second YAML document (expected: one document per file)"
                        : "content after the end of the JSON value (expected: one value per file)",
                        position(p.currentTokenLocation()));
                return null;
            }
            return root;
        } catch (JsonProcessingException e) {
            problems.addAt("", "syntax error: " + syntaxMessage(e), position(e.getLocation()));
            return null;
        } catch (IOException e) {
            problems.addAt("", "cannot read: " + e.getMessage(), Position.UNKNOWN);
            return null;
        } catch (AliasBombException e) {
            problems.addAt("", "aliases expand to more than " + MAX_ALIAS_NODES
                    + " values (expected: a document of reasonable size)", Position.UNKNOWN);
            return null;
        }
    }

    private JsonNode value(JsonParser p, String path) throws IOException {
        if (p instanceof YAMLParser yaml) {
            if (yaml.isCurrentAlias()) {
                return alias(yaml, path);
            }
            Object anchor = yaml.getObjectId(); // the YAML anchor (&name) on this value, if any
            JsonNode node = build(p, path);
            if (anchor != null) {
                anchors.put(anchor, node);
            }
            return node;
        }
        return build(p, path);
    }

    /** A copy of the anchored node (Jackson's streaming YAML parser hands out only the alias name). */
    private JsonNode alias(YAMLParser p, String path) throws IOException {
        JsonNode target = anchors.get(p.getText());
        if (target == null) {
            problems.addAt(path, "*" + p.getText() + " (expected: an alias of an anchor defined above)",
                    position(p.currentTokenLocation()));
            problems.settle(path);
            return NODES.nullNode();
        }
        aliasNodes += size(target);
        if (aliasNodes > MAX_ALIAS_NODES) {
            throw new AliasBombException();
        }
        return target.deepCopy();
    }

    private static int size(JsonNode node) {
        int n = 1;
        for (JsonNode child : node) {
            n += size(child);
        }
        return n;
    }

    /** Thrown to abandon a document whose aliases expand without bound. */
    private static final class AliasBombException extends RuntimeException {
        AliasBombException() {
            super(null, null, false, false);
        }
    }

    private JsonNode build(JsonParser p, String path) throws IOException {
        JsonToken token = p.currentToken();
        switch (token) {
            case START_OBJECT: {
                ObjectNode object = NODES.objectNode();
                ObjectNode merged = null;
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    String child = ConfigPaths.key(path, name);
                    Position at = position(p.currentTokenLocation());
                    p.nextToken();
                    if (MERGE_KEY.equals(name) && p instanceof YAMLParser) {
                        merged = merge(merged, value(p, child), child, at);
                        continue;
                    }
                    JsonNode v = value(p, object.has(name) ? child + "#duplicate" : child);
                    if (object.has(name)) {
                        Position first = positions.getOrDefault(child, Position.UNKNOWN);
                        problems.addAt(child, "duplicate key (expected: each key once in an object; first at line "
                                + first.line() + ")", at);
                    } else {
                        positions.put(child, at);
                        object.set(name, v);
                    }
                }
                if (merged != null) {
                    // Keys written in the object itself win over merged ones, as YAML's merge key says.
                    for (Map.Entry<String, JsonNode> e : merged.properties()) {
                        if (!object.has(e.getKey())) {
                            object.set(e.getKey(), e.getValue());
                        }
                    }
                }
                return object;
            }
            case START_ARRAY: {
                ArrayNode array = NODES.arrayNode();
                int i = 0;
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    String child = ConfigPaths.index(path, i++);
                    positions.put(child, position(p.currentTokenLocation()));
                    array.add(value(p, child));
                }
                return array;
            }
            case VALUE_STRING:
                return NODES.textNode(p.getText());
            case VALUE_NUMBER_INT:
                return switch (p.getNumberType()) {
                    case INT -> NODES.numberNode(p.getIntValue());
                    case LONG -> NODES.numberNode(p.getLongValue());
                    default -> NODES.numberNode(p.getBigIntegerValue());
                };
            case VALUE_NUMBER_FLOAT:
                try {
                    return NODES.numberNode(p.getDecimalValue());
                } catch (JsonProcessingException | NumberFormatException e) {
                    // YAML's .inf and .nan have no decimal form; keep the text so the binder can show it.
                    return NODES.textNode(p.getText());
                }
            case VALUE_TRUE:
                return NODES.booleanNode(true);
            case VALUE_FALSE:
                return NODES.booleanNode(false);
            case VALUE_NULL:
                return NODES.nullNode();
            default:
                problems.addAt(path, "unsupported value " + token + " (expected: a string, number, boolean, list or object)",
                        position(p.currentTokenLocation()));
                p.skipChildren();
                return NODES.nullNode();
        }
    }

    private ObjectNode merge(ObjectNode into, JsonNode source, String path, Position at) {
        ObjectNode out = into == null ? NODES.objectNode() : into;
        if (source.isObject()) {
            source.properties().forEach(e -> {
                if (!out.has(e.getKey())) {
                    out.set(e.getKey(), e.getValue());
                }
            });
        } else if (source.isArray()) {
            for (JsonNode item : source) {
                merge(out, item, path, at);
            }
        } else {
            problems.addAt(path, Values.mismatch(source, "an alias of an object, or a list of them"), at);
        }
        return out;
    }

    private static Position position(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return Position.UNKNOWN;
        }
        return new Position(location.getLineNr(), Math.max(0, location.getColumnNr()));
    }

    private static String syntaxMessage(JsonProcessingException e) {
        String m = e.getOriginalMessage();
        if (m == null) {
            return e.getClass().getSimpleName();
        }
        // SnakeYAML's messages span several lines with a snippet; the first non-blank lines carry the gist.
        StringBuilder sb = new StringBuilder();
        for (String line : m.split("\n")) {
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("in 'reader'") || t.startsWith("^") || t.startsWith("at [Source")) {
                continue;
            }
            if (sb.length() > 0) {
                sb.append("; ");
            }
            sb.append(t);
            if (sb.length() > 200) {
                break;
            }
        }
        return sb.toString();
    }
}
