package io.graylane.gateway.tracing;

import io.graylane.core.chain.Headers;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;

import java.util.Iterator;

/**
 * Reads and writes trace headers on an exchange's {@link Headers} for OpenTelemetry's propagators.
 * Writing replaces every earlier value, so an incoming {@code traceparent} never travels on beside
 * the gateway's. Stateless, thread-safe (the headers themselves are used by one thread at a time).
 */
final class HeaderCarrier implements TextMapGetter<Headers>, TextMapSetter<Headers> {

    static final HeaderCarrier INSTANCE = new HeaderCarrier();

    private HeaderCarrier() {
    }

    /** Deprecated upstream, but Jaeger's {@code uberctx-*} baggage can only be found by listing the names. */
    @Override
    @SuppressWarnings("deprecation")
    public Iterable<String> keys(Headers carrier) {
        return carrier.names();
    }

    @Override
    public String get(Headers carrier, String key) {
        return carrier == null ? null : carrier.get(key);
    }

    @Override
    public Iterator<String> getAll(Headers carrier, String key) {
        return carrier == null ? null : carrier.getAll(key).iterator();
    }

    @Override
    public void set(Headers carrier, String key, String value) {
        if (carrier != null) {
            carrier.set(key, value);
        }
    }
}
