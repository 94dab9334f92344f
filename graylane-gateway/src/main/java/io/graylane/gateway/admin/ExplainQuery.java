package io.graylane.gateway.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.graylane.core.engine.Explanation;
import io.graylane.core.engine.LaneEngine;
import io.graylane.core.rule.MapRequestView;
import io.graylane.gateway.explain.ExplanationJson;
import io.graylane.gateway.explain.RequestOptions;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * An explain request to the admin API, with the CLI's inputs: {@code method}, {@code path},
 * {@code header} ("Name: value", repeatable), {@code cookie} and {@code query} (NAME=VALUE,
 * repeatable), {@code client-ip}, {@code host}, {@code service}, {@code seed}. Immutable.
 */
record ExplainQuery(String method, String path, List<String> headers, List<String> cookies, List<String> query,
                    String clientIp, String host, String service, Long seed) {

    ExplainQuery {
        headers = List.copyOf(headers);
        cookies = List.copyOf(cookies);
        query = List.copyOf(query);
    }

    /** From a URL query string such as {@code path=/orders/1&header=X-User-Group:%20beta}. */
    static ExplainQuery fromQuery(String rawQuery) {
        Fields f = new Fields();
        if (rawQuery != null) {
            for (String pair : rawQuery.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String v = URLDecoder.decode(eq < 0 ? "" : pair.substring(eq + 1), StandardCharsets.UTF_8);
                f.put(k, v);
            }
        }
        return f.build();
    }

    /** From a JSON object with the same names; repeatable ones may be arrays. */
    static ExplainQuery fromJson(byte[] body) {
        JsonNode root;
        try {
            root = AdminServer.JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("request body: not JSON (" + e.getMessage() + ")");
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("request body: expected a JSON object");
        }
        Fields f = new Fields();
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            JsonNode v = root.get(k);
            if (v.isArray()) {
                for (JsonNode item : v) {
                    f.put(k, item.asText());
                }
            } else if (!v.isNull()) {
                f.put(k, v.asText());
            }
        }
        return f.build();
    }

    /** The explanation of this request against {@code engine}, in the CLI's JSON shape. */
    String explainJson(LaneEngine engine) {
        MapRequestView request = RequestOptions.build(method, path, headers, cookies, query, clientIp);
        RandomGenerator random = seed == null ? new SplittableRandom() : new SplittableRandom(seed);
        Explanation e = engine.explain(request, host, service, random, Instant.now());
        return ExplanationJson.render(e);
    }

    private static final class Fields {
        String method = "GET";
        String path = "/";
        final List<String> headers = new ArrayList<>();
        final List<String> cookies = new ArrayList<>();
        final List<String> query = new ArrayList<>();
        String clientIp;
        String host;
        String service;
        Long seed;

        void put(String k, String v) {
            switch (k) {
                case "method" -> method = v;
                case "path" -> path = v;
                case "header", "headers" -> headers.add(v);
                case "cookie", "cookies" -> cookies.add(v);
                case "query" -> query.add(v);
                case "client-ip", "clientIp" -> clientIp = v;
                case "host" -> host = v;
                case "service" -> service = v;
                case "seed" -> {
                    try {
                        seed = Long.parseLong(v);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("seed: " + v + " (expected: an integer)");
                    }
                }
                default -> throw new IllegalArgumentException("unknown explain parameter: " + k
                        + " (expected: method, path, header, cookie, query, client-ip, host, service, seed)");
            }
        }

        ExplainQuery build() {
            return new ExplainQuery(method, path, headers, cookies, query, clientIp, host, service, seed);
        }
    }
}
