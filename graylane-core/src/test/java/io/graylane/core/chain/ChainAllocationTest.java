package io.graylane.core.chain;

import io.graylane.core.config.ChainEntry;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class ChainAllocationTest {

    @Test
    void theChainAddsNoAllocationPerRequestForMiddlewareThatPassOnTheDownstreamStage() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());
        List<ChainEntry> entries = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            entries.add(new ChainEntry("m" + i, "tag", Map.of(), true, List.of(), List.of()));
        }
        AttributeKey<String> seen = AttributeKey.of("seen", String.class);
        MiddlewareFactory tag = MiddlewareFactory.of("tag", ctx -> next -> exchange -> {
            exchange.setAttr(seen, ctx.id()); // per-request work that needs no allocation of its own
            return next.handle(exchange);
        });
        CompletableFuture<Response> answer = CompletableFuture.completedFuture(Response.of(200));
        Chain chain = Chain.build(entries, MiddlewareRegistry.of(tag), exchange -> answer);
        SimpleExchange exchange = SimpleExchange.builder().build();
        for (int i = 0; i < 20_000; i++) {
            chain.handle(exchange);
        }

        long thread = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(thread);
        for (int i = 0; i < 10_000; i++) {
            chain.handle(exchange);
        }
        long allocated = threads.getThreadAllocatedBytes(thread) - before;

        // 10,000 requests through 100 links: even one 16-byte object per request would be 160 KB.
        assertThat(allocated).isLessThan(8 * 1024);
        assertThat(exchange.attr(seen)).isEqualTo("m99");
    }
}
