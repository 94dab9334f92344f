package io.graylane.gateway.proxy.internal;

import io.graylane.core.chain.Headers;
import io.netty.handler.codec.http.HttpHeaders;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The core {@link Headers} view of a Netty {@link HttpHeaders}, read and changed in place (no copy).
 * Names and values are checked as the in-memory headers check them (tokens; no CR, LF or other
 * control characters), and the framing headers ({@code Content-Length}, {@code Transfer-Encoding})
 * cannot be changed: the gateway frames bodies it streams. Not thread-safe, like the message it views.
 */
final class NettyHeaders implements Headers {

    private final HttpHeaders headers;
    /** Whether set or add was called: only then can a hop-by-hop header have come in through this view. */
    private boolean added;

    NettyHeaders(HttpHeaders headers) {
        this.headers = headers;
    }

    /**
     * Whether {@link #set} or {@link #add} changed these headers: when not, the gateway need not strip
     * hop-by-hop headers a second time (they were removed before the chain saw the message).
     */
    boolean added() {
        return added;
    }

    @Override
    public String get(String name) {
        return headers.get(name);
    }

    @Override
    public List<String> getAll(String name) {
        List<String> all = headers.getAll(name);
        return all.isEmpty() ? List.of() : List.copyOf(all);
    }

    @Override
    public boolean contains(String name) {
        return headers.contains(name);
    }

    @Override
    public Headers set(String name, String value) {
        check(name, value);
        added = true;
        headers.set(name, value);
        return this;
    }

    @Override
    public Headers add(String name, String value) {
        check(name, value);
        added = true;
        headers.add(name, value);
        return this;
    }

    @Override
    public boolean remove(String name) {
        checkName(name);
        if (!headers.contains(name)) {
            return false;
        }
        headers.remove(name);
        return true;
    }

    @Override
    public Set<String> names() {
        Set<String> names = new LinkedHashSet<>();
        outer:
        for (Iterator<Map.Entry<String, String>> it = headers.iteratorAsString(); it.hasNext(); ) {
            String name = it.next().getKey();
            for (String seen : names) {
                if (seen.equalsIgnoreCase(name)) {
                    continue outer;
                }
            }
            names.add(name);
        }
        return Collections.unmodifiableSet(names);
    }

    @Override
    public void forEach(BiConsumer<? super String, ? super String> action) {
        // A snapshot first: the action may change these headers.
        List<Map.Entry<String, String>> entries = new ArrayList<>(headers.size());
        headers.iteratorAsString().forEachRemaining(entries::add);
        for (Map.Entry<String, String> e : entries) {
            action.accept(e.getKey(), e.getValue());
        }
    }

    private static void check(String name, String value) {
        checkName(name);
        Objects.requireNonNull(value, "value");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 32 && c != '\t') || c == 127) {
                throw new IllegalArgumentException("header " + name + ": control character 0x"
                        + Integer.toHexString(c) + " at index " + i + " (expected: no CR, LF or other control characters)");
            }
        }
    }

    private static void checkName(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("header name: \"\" (expected: an HTTP token)");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c <= 32 || c >= 127 || "()<>@,;:\\\"/[]?={}".indexOf(c) >= 0) {
                throw new IllegalArgumentException("header name: \"" + name + "\" (expected: an HTTP token)");
            }
        }
        if (name.equalsIgnoreCase("content-length") || name.equalsIgnoreCase("transfer-encoding")) {
            throw new IllegalArgumentException("header " + name
                    + ": cannot be changed (expected: another header; the gateway frames the body it streams)");
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        for (Iterator<Map.Entry<String, String>> it = headers.iteratorAsString(); it.hasNext(); ) {
            Map.Entry<String, String> e = it.next();
            sb.append(sb.length() == 1 ? "" : ", ").append(e.getKey()).append(": ").append(e.getValue());
        }
        return sb.append('}').toString();
    }
}
