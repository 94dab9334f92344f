package io.graylane.core.model;

import java.util.Locale;

/**
 * The protocol the gateway speaks to an instance, read from its {@code graylane-protocol} label
 * (a static instance's {@code protocol} key, or a Consul tag or Meta entry of that name). Thread-safe.
 */
public enum UpstreamProtocol {
    /** HTTP/1.1 (the default). */
    HTTP1("http1"),
    /** HTTP/2 over cleartext TCP with prior knowledge (no Upgrade), one stream per request. */
    H2C("h2c");

    /** The instance label that names the protocol. */
    public static final String LABEL = "graylane-protocol";

    private final String label;

    UpstreamProtocol(String label) {
        this.label = label;
    }

    /** The label value: {@code http1} or {@code h2c}. */
    public String label() {
        return label;
    }

    /** The protocol named {@code value} (any case), or {@code null} when it names none. */
    public static UpstreamProtocol parse(String value) {
        if (value == null) {
            return null;
        }
        String v = value.strip().toLowerCase(Locale.ROOT);
        for (UpstreamProtocol p : values()) {
            if (p.label.equals(v)) {
                return p;
            }
        }
        return null;
    }

    /** What {@code instance}'s label says; {@link #HTTP1} when it has none or an unknown value. */
    public static UpstreamProtocol of(Instance instance) {
        UpstreamProtocol p = parse(instance.label(LABEL));
        return p == null ? HTTP1 : p;
    }
}
