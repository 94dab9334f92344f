package io.graylane.testkit.demo;

import java.util.Objects;

/**
 * The body a {@link DemoUpstream} answers with, two lines of text:
 *
 * <pre>
 * frontend v2 → orders v1 (fallback: canary: no instances)
 * lanes received: frontend=canary, orders=canary
 * </pre>
 *
 * The first line is the version chain, one hop per service that took part, with a note where the
 * gateway fell back to another lane; the second is the lane each hop received ({@code none} when a
 * request came without one). Immutable.
 *
 * @param chain the version chain
 * @param lanes the lanes received, {@code service=lane} pairs separated by {@code ", "}
 */
public record DemoReply(String chain, String lanes) {

    static final String ARROW = " → ";
    private static final String LANES = "lanes received: ";

    public DemoReply {
        Objects.requireNonNull(chain, "chain");
        Objects.requireNonNull(lanes, "lanes");
    }

    /**
     * Reads a body written by {@link #toString()}; a body that is not one (not from a demo upstream)
     * becomes a reply whose chain is its first line and whose lanes are empty.
     */
    public static DemoReply parse(String body) {
        String text = body == null ? "" : body.strip();
        int nl = text.indexOf('\n');
        String first = nl < 0 ? text : text.substring(0, nl).strip();
        String rest = nl < 0 ? "" : text.substring(nl + 1).strip();
        return new DemoReply(first, rest.startsWith(LANES) ? rest.substring(LANES.length()) : "");
    }

    /** The lane {@code service} received (its first hop in the chain), or {@code null} when it is not listed. */
    public String laneOf(String service) {
        for (String pair : lanes.split(", ")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(service)) {
                return pair.substring(eq + 1);
            }
        }
        return null;
    }

    /** The body text: the chain, a newline, the lanes received, a newline. */
    @Override
    public String toString() {
        return chain + "\n" + LANES + lanes + "\n";
    }
}
