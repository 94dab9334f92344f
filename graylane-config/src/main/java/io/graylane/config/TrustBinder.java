package io.graylane.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.graylane.core.config.TrustSettings;
import io.graylane.core.net.Cidr;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Binds the {@code trust} section: trusted networks and lane signing keys. */
final class TrustBinder {

    private final Problems problems;

    TrustBinder(Problems problems) {
        this.problems = problems;
    }

    TrustSettings trust(Fields f) {
        List<Cidr> cidrs = f.list("trustedCidrs", "a list of networks such as [10.0.0.0/8, \"::1/128\"]",
                (node, path) -> ConditionBinder.cidr(problems, node, path));
        Map<String, String> ids = new HashMap<>();
        List<TrustSettings.SigningKey> keys = f.list("keys", "a list of keys {id, secret}",
                (node, path) -> key(node, path, ids));
        return cidrs == null || keys == null ? null : f.build(() -> new TrustSettings(cidrs, keys));
    }

    private TrustSettings.SigningKey key(JsonNode node, String path, Map<String, String> ids) {
        Fields f = Fields.open(problems, node, path, KnownKeys.SIGNING_KEY, "an object {id, secret}");
        if (f == null) {
            return null;
        }
        String id = f.nonEmptyString("id", "a key id", null);
        if (id != null) {
            String first = ids.putIfAbsent(id, path);
            if (first != null) {
                problems.add(f.path("id"), Values.render(f.node().get("id"))
                        + " (expected: a unique key id; " + first + " has it too)");
                return null;
            }
        }
        // Never echo a secret: a wrong type is named by its kind only.
        JsonNode s = f.get("secret", "a secret of at least 16 bytes, e.g. \"${GRAYLANE_LANE_KEY}\"");
        String secret = null;
        if (s != null && s.isTextual()) {
            secret = s.textValue();
        } else if (s != null) {
            problems.add(f.path("secret"), (s.isNumber() ? "a number" : s.isBoolean() ? "a boolean" : Values.render(s))
                    + " (expected: a string of at least 16 bytes, e.g. \"${GRAYLANE_LANE_KEY}\")");
        }
        String finalSecret = secret;
        return id == null || secret == null ? null : f.build(() -> new TrustSettings.SigningKey(id, finalSecret));
    }
}
