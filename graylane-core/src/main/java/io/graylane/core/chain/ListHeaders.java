package io.graylane.core.chain;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;

/** {@link Headers} kept as one list of alternating names and values (as OkHttp does). */
final class ListHeaders implements Headers {

    private final ArrayList<String> namesAndValues = new ArrayList<>(16);

    @Override
    public String get(String name) {
        for (int i = 0; i < namesAndValues.size(); i += 2) {
            if (namesAndValues.get(i).equalsIgnoreCase(name)) {
                return namesAndValues.get(i + 1);
            }
        }
        return null;
    }

    @Override
    public List<String> getAll(String name) {
        List<String> values = null;
        for (int i = 0; i < namesAndValues.size(); i += 2) {
            if (namesAndValues.get(i).equalsIgnoreCase(name)) {
                if (values == null) {
                    values = new ArrayList<>(2);
                }
                values.add(namesAndValues.get(i + 1));
            }
        }
        return values == null ? List.of() : List.copyOf(values);
    }

    @Override
    public Headers set(String name, String value) {
        checkName(name);
        checkValue(name, value);
        int first = -1;
        for (int i = 0; i < namesAndValues.size(); ) {
            if (namesAndValues.get(i).equalsIgnoreCase(name)) {
                if (first < 0) {
                    first = i;
                    namesAndValues.set(i + 1, value);
                    i += 2;
                } else {
                    namesAndValues.remove(i + 1);
                    namesAndValues.remove(i);
                }
            } else {
                i += 2;
            }
        }
        if (first < 0) {
            namesAndValues.add(name);
            namesAndValues.add(value);
        }
        return this;
    }

    @Override
    public Headers add(String name, String value) {
        checkName(name);
        checkValue(name, value);
        namesAndValues.add(name);
        namesAndValues.add(value);
        return this;
    }

    @Override
    public boolean remove(String name) {
        boolean removed = false;
        for (int i = 0; i < namesAndValues.size(); ) {
            if (namesAndValues.get(i).equalsIgnoreCase(name)) {
                namesAndValues.remove(i + 1);
                namesAndValues.remove(i);
                removed = true;
            } else {
                i += 2;
            }
        }
        return removed;
    }

    @Override
    public Set<String> names() {
        Set<String> names = new LinkedHashSet<>();
        outer:
        for (int i = 0; i < namesAndValues.size(); i += 2) {
            String name = namesAndValues.get(i);
            for (String seen : names) {
                if (seen.equalsIgnoreCase(name)) {
                    continue outer;
                }
            }
            names.add(name);
        }
        return java.util.Collections.unmodifiableSet(names);
    }

    @Override
    public void forEach(BiConsumer<? super String, ? super String> action) {
        for (int i = 0; i < namesAndValues.size(); i += 2) {
            action.accept(namesAndValues.get(i), namesAndValues.get(i + 1));
        }
    }

    static void checkName(String name) {
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
    }

    static void checkValue(String name, String value) {
        Objects.requireNonNull(value, "value");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 32 && c != '\t') || c == 127) {
                throw new IllegalArgumentException("header " + name + ": control character 0x"
                        + Integer.toHexString(c) + " at index " + i + " (expected: no CR, LF or other control characters)");
            }
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < namesAndValues.size(); i += 2) {
            sb.append(i == 0 ? "" : ", ").append(namesAndValues.get(i)).append(": ").append(namesAndValues.get(i + 1));
        }
        return sb.append('}').toString();
    }
}
