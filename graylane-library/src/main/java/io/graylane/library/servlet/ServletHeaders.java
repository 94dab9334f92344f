package io.graylane.library.servlet;

import io.graylane.core.chain.Headers;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The servlet request's headers as Graylane's {@link Headers}, read from the request until the first
 * change, then from a private copy (copy on write): a request that trust and middleware leave alone
 * is never copied. Names or values that are not valid HTTP (a name that is not a token, a value with a
 * control character) are not part of the view, exactly as when they were copied. Used by one request
 * at a time; not thread-safe.
 */
final class ServletHeaders implements Headers {

    private static final Logger log = LoggerFactory.getLogger(ServletHeaders.class);

    private final HttpServletRequest request;
    private Headers copy;

    ServletHeaders(HttpServletRequest request) {
        this.request = request;
    }

    /** Whether the view was copied (a header was changed). */
    boolean copied() {
        return copy != null;
    }

    @Override
    public String get(String name) {
        if (copy != null) {
            return copy.get(name);
        }
        if (!validName(name)) {
            return null;
        }
        String value = request.getHeader(name);
        if (value == null || validValue(value)) {
            return value;
        }
        List<String> all = getAll(name);
        return all.isEmpty() ? null : all.get(0);
    }

    @Override
    public List<String> getAll(String name) {
        if (copy != null) {
            return copy.getAll(name);
        }
        if (!validName(name)) {
            return List.of();
        }
        Enumeration<String> values = request.getHeaders(name);
        if (values == null || !values.hasMoreElements()) {
            return List.of();
        }
        String first = values.nextElement();
        if (!values.hasMoreElements()) {
            return validValue(first) ? List.of(first) : List.of();
        }
        List<String> all = new ArrayList<>(2);
        if (validValue(first)) {
            all.add(first);
        }
        while (values.hasMoreElements()) {
            String value = values.nextElement();
            if (validValue(value)) {
                all.add(value);
            }
        }
        return List.copyOf(all);
    }

    @Override
    public Headers set(String name, String value) {
        if (copy == null && value != null && getAll(name).equals(List.of(value))) {
            return this; // already the only value: setting it changes nothing
        }
        copy().set(name, value);
        return this;
    }

    @Override
    public Headers add(String name, String value) {
        copy().add(name, value);
        return this;
    }

    @Override
    public boolean remove(String name) {
        if (copy == null && getAll(name).isEmpty()) {
            return false;
        }
        return copy().remove(name);
    }

    @Override
    public Set<String> names() {
        if (copy != null) {
            return copy.names();
        }
        Set<String> names = new LinkedHashSet<>();
        forEachValid((name, value) -> {
            for (String seen : names) {
                if (seen.equalsIgnoreCase(name)) {
                    return;
                }
            }
            names.add(name);
        });
        return Collections.unmodifiableSet(names);
    }

    @Override
    public void forEach(BiConsumer<? super String, ? super String> action) {
        if (copy != null) {
            copy.forEach(action);
        } else {
            forEachValid(action);
        }
    }

    private Headers copy() {
        if (copy == null) {
            Headers c = Headers.create();
            forEachValid(c::add);
            copy = c;
        }
        return copy;
    }

    private void forEachValid(BiConsumer<? super String, ? super String> action) {
        for (Enumeration<String> names = request.getHeaderNames(); names != null && names.hasMoreElements(); ) {
            String name = names.nextElement();
            Enumeration<String> values = request.getHeaders(name);
            if (values == null) {
                continue;
            }
            boolean validName = validName(name);
            while (values.hasMoreElements()) {
                String value = values.nextElement();
                if (validName && validValue(value)) {
                    action.accept(name, value);
                } else {
                    log.debug("request header {} dropped from Graylane's view: not a valid HTTP header", name);
                }
            }
        }
    }

    /** An HTTP token, as {@link Headers} requires of names. */
    static boolean validName(String name) {
        if (name == null || name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c <= 32 || c >= 127 || "()<>@,;:\\\"/[]?={}".indexOf(c) >= 0) {
                return false;
            }
        }
        return true;
    }

    /** No control character but tab, as {@link Headers} requires of values. */
    static boolean validValue(String value) {
        if (value == null) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 32 && c != '\t') || c == 127) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        forEach((name, value) -> sb.append(sb.length() == 1 ? "" : ", ").append(name).append(": ").append(value));
        return sb.append('}').toString();
    }
}
