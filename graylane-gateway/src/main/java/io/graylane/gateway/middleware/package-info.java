/**
 * The gateway's built-in middleware types ({@link io.graylane.gateway.middleware.BuiltinMiddleware}),
 * and {@link io.graylane.gateway.middleware.GatewayExchange}, the gateway's view of a proxied request
 * that they (and gateway-aware plugins) read: route, lane resolution, upstream instance. Depends on
 * graylane-core and resilience4j only, never on the proxy's internals. See {@code docs/middleware.md}.
 */
package io.graylane.gateway.middleware;
