/**
 * The {@code tracing} middleware type ({@link io.graylane.gateway.tracing.TracingFactory}): an
 * OpenTelemetry SERVER span per request with the lane decision as attributes, W3C Trace Context,
 * W3C Baggage and Jaeger propagation, and opt-in OTLP/HTTP export. Reads the request through
 * {@link io.graylane.gateway.middleware.GatewayExchange}, never the proxy's internals. See
 * {@code docs/tracing.md}.
 */
package io.graylane.gateway.tracing;
