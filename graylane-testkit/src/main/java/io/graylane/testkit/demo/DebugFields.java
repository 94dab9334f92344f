package io.graylane.testkit.demo;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the gateway's {@code X-Graylane-Debug} value ({@code lane=canary; source=rule;
 * rule=beta-users; served=stable; fallback="canary: no instances"; instance=orders-v1}) into its
 * fields; a quoted value may contain {@code ;}. Stateless.
 */
final class DebugFields {

    private DebugFields() {
    }

    static Map<String, String> parse(String value) {
        Map<String, String> fields = new LinkedHashMap<>();
        if (value == null) {
            return fields;
        }
        int i = 0;
        int n = value.length();
        while (i < n) {
            while (i < n && (value.charAt(i) == ' ' || value.charAt(i) == ';')) {
                i++;
            }
            int eq = value.indexOf('=', i);
            if (eq < 0) {
                break;
            }
            String key = value.substring(i, eq).strip();
            i = eq + 1;
            StringBuilder v = new StringBuilder();
            if (i < n && value.charAt(i) == '"') {
                i++;
                while (i < n && value.charAt(i) != '"') {
                    if (value.charAt(i) == '\\' && i + 1 < n) {
                        i++;
                    }
                    v.append(value.charAt(i++));
                }
                i++;
            } else {
                while (i < n && value.charAt(i) != ';') {
                    v.append(value.charAt(i++));
                }
            }
            fields.put(key, v.toString().strip());
        }
        return fields;
    }
}
