package io.graylane.testkit.consul;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** One HTTP answer: status, headers and body bytes. Built by endpoints, written by the server. */
final class SimResponse {

    private final int status;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private final byte[] body;

    private SimResponse(int status, byte[] body, String contentType) {
        this.status = status;
        this.body = body;
        if (contentType != null) {
            headers.put("Content-Type", contentType);
        }
    }

    static SimResponse json(Object value, boolean pretty) {
        return new SimResponse(200, Json.write(value, pretty), "application/json");
    }

    static SimResponse json(int status, Object value, boolean pretty) {
        return new SimResponse(status, Json.write(value, pretty), "application/json");
    }

    static SimResponse text(int status, String text) {
        return new SimResponse(status, text.getBytes(StandardCharsets.UTF_8), "text/plain; charset=utf-8");
    }

    static SimResponse raw(int status, byte[] body, String contentType) {
        return new SimResponse(status, body, contentType);
    }

    static SimResponse empty(int status) {
        return new SimResponse(status, new byte[0], null);
    }

    SimResponse header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    int status() {
        return status;
    }

    Map<String, String> headers() {
        return headers;
    }

    byte[] body() {
        return body;
    }
}
