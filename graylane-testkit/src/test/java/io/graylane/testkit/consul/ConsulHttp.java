package io.graylane.testkit.consul;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** A plain java.net.http client for the tests: real HTTP against the running simulator. */
final class ConsulHttp {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    private final URI base;

    ConsulHttp(ConsulSimulator sim) {
        this.base = sim.address();
    }

    HttpResponse<String> get(String pathAndQuery, String... headers) throws IOException {
        return send(request(pathAndQuery, headers).GET().build());
    }

    CompletableFuture<HttpResponse<String>> getAsync(String pathAndQuery, String... headers) {
        return client.sendAsync(request(pathAndQuery, headers).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> put(String pathAndQuery, String body, String... headers) throws IOException {
        return send(request(pathAndQuery, headers).PUT(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    HttpResponse<String> put(String pathAndQuery, byte[] body) throws IOException {
        return send(request(pathAndQuery).PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    HttpResponse<String> delete(String pathAndQuery, String... headers) throws IOException {
        return send(request(pathAndQuery, headers).DELETE().build());
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static long index(HttpResponse<?> response) {
        return Long.parseLong(response.headers().firstValue("X-Consul-Index").orElseThrow());
    }

    private HttpRequest.Builder request(String pathAndQuery, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(pathAndQuery)).timeout(Duration.ofSeconds(20));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return b;
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
