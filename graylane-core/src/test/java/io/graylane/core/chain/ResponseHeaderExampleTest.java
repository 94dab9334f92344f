package io.graylane.core.chain;

import io.graylane.core.GraylaneException;
import io.graylane.core.config.ChainEntry;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The example of docs/middleware-spi.md, compiled and run. Keep the two in step. */
class ResponseHeaderExampleTest {

    /** Adds one header to every response: {@code {type: response-header, config: {name, value}}}. */
    public static final class ResponseHeaderFactory implements MiddlewareFactory {

        @Override
        public String type() {
            return "response-header";
        }

        @Override
        public Middleware create(MiddlewareContext ctx) {
            ctx.requireOnly("name", "value");
            String name = ctx.string("name");
            String value = ctx.string("value");
            try {
                Headers.of(name, value); // in-memory headers check the syntax: fail now, not per request
            } catch (IllegalArgumentException e) {
                throw ctx.invalid("name", name, "a header name and value HTTP allows");
            }
            return next -> exchange -> next.handle(exchange).thenApply(response -> {
                response.headers().set(name, value);
                return response;
            });
        }
    }

    private final MiddlewareRegistry registry = MiddlewareRegistry.of(new ResponseHeaderFactory());
    private final Handler upstream = exchange -> CompletableFuture.completedFuture(Response.of(200, "hello"));

    private static ChainEntry entry(Map<String, Object> config) {
        return new ChainEntry("served-by", "response-header", config, true, List.of(), List.of());
    }

    @Test
    void theExampleAddsItsHeaderToEveryResponse() {
        Chain chain = Chain.build(List.of(entry(Map.of("name", "X-Served-By", "value", "edge-1"))), registry, upstream);

        Response response = chain.handle(SimpleExchange.builder().uri("/").build()).toCompletableFuture().join();

        assertThat(response.headers().get("x-served-by")).isEqualTo("edge-1");
        assertThat(response.bodyText()).isEqualTo("hello");
    }

    @Test
    void theExamplesConfigErrorsNameTheirPath() {
        assertThatThrownBy(() -> Chain.build(List.of(entry(Map.of("name", "X Served By", "value", "edge-1"))), registry, upstream))
                .isInstanceOf(GraylaneException.class)
                .hasMessage("chain[id=served-by].config.name: \"X Served By\" (expected: a header name and value HTTP allows)");
        assertThatThrownBy(() -> Chain.build(List.of(entry(Map.of("name", "X-Served-By"))), registry, upstream))
                .hasMessage("chain[id=served-by].config.value: missing (expected: a non-empty string)");
        assertThatThrownBy(() -> Chain.build(List.of(entry(Map.of("nmae", "X-Served-By"))), registry, upstream))
                .hasMessage("chain[id=served-by].config.nmae: unknown key (expected one of: name, value)");
    }
}
