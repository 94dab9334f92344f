package io.graylane.library.testing;

import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The embedded Tomcats of a servlet filter test, the HTTP/1.1 client that calls them, and the
 * {@link Gate} their application may hold a request at. {@link #close()} opens the gate first, so a held
 * request cannot stall the servers' shutdown. Not thread-safe: one per test, closed after it.
 */
public final class Tomcats implements AutoCloseable {

    /** Where the application holds a request for the test. */
    public final Gate gate = new Gate();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final List<EmbeddedTomcat> started = new ArrayList<>();

    /** {@code app} behind a builder-made {@code filter}, 8 request threads. */
    public EmbeddedTomcat serve(Filter filter, HttpServlet app) {
        return closing(EmbeddedTomcat.start(filter, app, 8));
    }

    /** {@code app} behind a {@code filter} that web.xml would make, given {@code initParams}; 4 request threads. */
    public EmbeddedTomcat serve(Filter filter, Map<String, String> initParams, HttpServlet app) {
        return closing(EmbeddedTomcat.start(filter, initParams, app, 4));
    }

    private EmbeddedTomcat closing(EmbeddedTomcat tomcat) {
        started.add(tomcat);
        return tomcat;
    }

    /** GET {@code path} with {@code headers} (name, value, …), answered within 10 seconds. */
    public HttpResponse<String> get(EmbeddedTomcat tomcat, String path, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(tomcat.uri(path)).timeout(Duration.ofSeconds(10));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** GET {@code path} without waiting for the answer (for a request the application holds). */
    public CompletableFuture<HttpResponse<String>> getLater(EmbeddedTomcat tomcat, String path) {
        return http.sendAsync(HttpRequest.newBuilder(tomcat.uri(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Opens the gate, then stops every server, the last started first. */
    @Override
    public void close() {
        gate.open();
        for (int i = started.size() - 1; i >= 0; i--) {
            started.get(i).close();
        }
    }
}
