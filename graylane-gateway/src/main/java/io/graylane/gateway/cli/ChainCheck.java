package io.graylane.gateway.cli;

import io.graylane.config.ConfigError;
import io.graylane.core.GraylaneException;
import io.graylane.core.chain.Chain;
import io.graylane.core.chain.Handler;
import io.graylane.core.chain.MiddlewareRegistry;
import io.graylane.core.config.ChainEntry;
import io.graylane.gateway.middleware.BuiltinMiddleware;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * What {@code validate} adds to the config checks: builds (and closes) each enabled chain entry with
 * the gateway's built-in middleware types, as a start or reload would, so a bad {@code chain[].config}
 * or an unknown type is reported before the gateway sees it. Each entry is built on its own, so every
 * bad entry is reported, each with its index path ({@code chain[2].config.rate}). Not thread-safe.
 */
final class ChainCheck {

    /** Never reached: validate builds chains, it does not serve through them. */
    private static final Handler NOT_SERVING = exchange ->
            CompletableFuture.failedFuture(new IllegalStateException("validate does not serve requests"));

    private final MiddlewareRegistry registry;

    /** A check against the types {@code graylane gateway} knows ({@link GatewayTypes}). */
    ChainCheck() {
        this(GatewayTypes.registry(new BuiltinMiddleware()));
    }

    ChainCheck(MiddlewareRegistry registry) {
        this.registry = registry;
    }

    /** The errors of {@code entries} from {@code source}; empty when every enabled entry builds. */
    List<ConfigError> check(String source, List<ChainEntry> entries) {
        List<ConfigError> errors = new ArrayList<>(0);
        for (int i = 0; i < entries.size(); i++) {
            ChainEntry entry = entries.get(i);
            if (!entry.enabled()) {
                continue;
            }
            try (Chain chain = Chain.build(List.of(entry), registry, NOT_SERVING)) {
                chain.ids(); // built: closed again at once
            } catch (GraylaneException | IllegalArgumentException e) {
                errors.add(error(source, i, entry, e.getMessage()));
            }
        }
        return errors;
    }

    /**
     * The chain's {@code chain[id=rate].config.rate: "x" (expected: …)} as a config error at
     * {@code chain[2].config.rate}, so it reads like the binder's errors.
     */
    static ConfigError error(String source, int index, ChainEntry entry, String message) {
        String at = "chain[" + index + "]";
        String prefix = "chain[id=" + entry.id() + "]";
        if (message == null) {
            return new ConfigError(source, at, "cannot be built (type " + entry.type() + ")");
        }
        if (message.startsWith(prefix)) {
            String rest = message.substring(prefix.length());
            if (rest.startsWith(".") || rest.startsWith("[")) {
                int colon = rest.indexOf(": ");
                if (colon > 0) {
                    return new ConfigError(source, at + rest.substring(0, colon), rest.substring(colon + 2));
                }
            }
            String typed = " (type " + entry.type() + "): ";
            if (rest.startsWith(typed)) {
                return new ConfigError(source, at, rest.substring(typed.length()) + " (type " + entry.type() + ")");
            }
            if (rest.startsWith(": ")) {
                return new ConfigError(source, at, rest.substring(2));
            }
        }
        return new ConfigError(source, at, message);
    }
}
