package io.graylane.consul.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.graylane.consul.ConsulClientConfig;
import io.graylane.consul.ConsulException;
import io.graylane.consul.ConsulResponse;
import io.graylane.consul.QueryMeta;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Sends {@link Call}s with {@code java.net.http.HttpClient} and turns answers into
 * {@link ConsulResponse}s or {@link ConsulException}s: every non-2xx is an exception naming the
 * endpoint and carrying Consul's message, except the answers a {@link Call.Special} allows.
 * Thread-safe.
 */
public final class Transport {

    /** Decodes a 2xx body (or, for a {@link Call.Special}, the special answer). */
    @FunctionalInterface
    public interface Decoder<T> {
        /**
         * @param status the HTTP status
         * @param body   the parsed body, or {@code null} when it was empty or a special status
         */
        T decode(int status, JsonNode body);
    }

    private final ConsulClientConfig config;
    private final HttpClient http;

    public Transport(ConsulClientConfig config) {
        this.config = config;
        HttpClient.Builder builder = HttpClient.newBuilder()
                .connectTimeout(config.connectTimeout())
                // Consul speaks HTTP/1.1 on plain HTTP; an h2c upgrade attempt only costs a round trip.
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER);
        if (config.sslContext() != null) {
            builder.sslContext(config.sslContext());
        }
        this.http = builder.build();
    }

    public ConsulClientConfig config() {
        return config;
    }

    /** Sends {@code call} and waits for the answer. */
    public <T> ConsulResponse<T> send(Call call, Decoder<T> decoder) {
        HttpRequest request = request(call);
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw transportFailure(call, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConsulException(ConsulException.NO_RESPONSE, call.endpoint(), "interrupted", e);
        }
        return handle(call, response, decoder);
    }

    /** Sends {@code call}; the future fails with a {@link ConsulException} (possibly wrapped in a CompletionException). */
    public <T> CompletableFuture<ConsulResponse<T>> sendAsync(Call call, Decoder<T> decoder) {
        HttpRequest request;
        try {
            request = request(call);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<HttpResponse<byte[]>> raw = http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
        CompletableFuture<ConsulResponse<T>> result = raw.handle((response, error) -> {
            if (error != null) {
                Throwable cause = unwrap(error);
                if (cause instanceof ConsulException ce) {
                    throw ce;
                }
                throw transportFailure(call, cause);
            }
            return handle(call, response, decoder);
        });
        // Cancelling the answer must abort the exchange too, or a closed watch keeps a blocking read open.
        result.whenComplete((r, e) -> {
            if (result.isCancelled()) {
                raw.cancel(true);
            }
        });
        return result;
    }

    /** The cause behind {@link CompletionException} / {@link ExecutionException} wrappers. */
    public static Throwable unwrap(Throwable t) {
        Throwable cur = t;
        while ((cur instanceof CompletionException || cur instanceof ExecutionException) && cur.getCause() != null) {
            cur = cur.getCause();
        }
        return cur;
    }

    private HttpRequest request(Call call) {
        URI uri = URI.create(config.address().toString() + call.pathAndQuery());
        HttpRequest.Builder b = HttpRequest.newBuilder(uri)
                .timeout(call.timeout() != null ? call.timeout() : config.requestTimeout())
                .header("Accept", "application/json");
        if (config.hasToken()) {
            b.header("X-Consul-Token", config.token());
        }
        HttpRequest.BodyPublisher body = call.body() == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(call.body());
        return b.method(call.method(), body).build();
    }

    private <T> ConsulResponse<T> handle(Call call, HttpResponse<byte[]> response, Decoder<T> decoder) {
        int status = response.statusCode();
        QueryMeta meta = meta(response);
        boolean ok = status >= 200 && status < 300;
        boolean special = status == 404 && call.special() == Call.Special.NOT_FOUND_IS_ABSENT
                || status == 409 && call.special() == Call.Special.CONFLICT_IS_ANSWER;
        if (!ok && !special) {
            throw new ConsulException(status, call.endpoint(), ErrorBodies.summarize(response.body()), null);
        }
        JsonNode tree = null;
        byte[] body = response.body();
        if (body != null && body.length > 0 && !(status == 404)) {
            try {
                tree = ConsulJson.tree(body);
            } catch (IOException e) {
                throw new ConsulException(status, call.endpoint(),
                        "malformed JSON answer: " + ErrorBodies.summarize(body), e);
            }
        }
        T value;
        try {
            value = decoder.decode(status, tree);
        } catch (RuntimeException e) {
            throw new ConsulException(status, call.endpoint(), "unexpected answer: " + e.getMessage(), e);
        }
        return new ConsulResponse<>(value, meta);
    }

    private static QueryMeta meta(HttpResponse<?> response) {
        long index = response.headers().firstValue("X-Consul-Index").map(Transport::parseLong).orElse(0L);
        boolean leader = response.headers().firstValue("X-Consul-KnownLeader").map("true"::equalsIgnoreCase)
                .orElse(false);
        long lastContact = response.headers().firstValue("X-Consul-LastContact").map(Transport::parseLong).orElse(0L);
        return new QueryMeta(index, leader, Duration.ofMillis(Math.max(0, lastContact)));
    }

    private static long parseLong(String s) {
        try {
            return Long.parseUnsignedLong(s.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private ConsulException transportFailure(Call call, Throwable e) {
        String what;
        if (e instanceof HttpTimeoutException) {
            Duration t = call.timeout() != null ? call.timeout() : config.requestTimeout();
            what = "timed out after " + GoDuration.format(t) + " (" + config.address() + ")";
        } else if (e instanceof java.net.ConnectException && (e.getMessage() == null || e.getMessage().isEmpty())) {
            what = "connection refused (" + config.address() + ")";
        } else {
            String m = e.getMessage();
            what = e.getClass().getSimpleName() + (m == null || m.isEmpty() ? "" : ": " + m)
                    + " (" + config.address() + ")";
        }
        return new ConsulException(ConsulException.NO_RESPONSE, call.endpoint(), what, e);
    }
}
