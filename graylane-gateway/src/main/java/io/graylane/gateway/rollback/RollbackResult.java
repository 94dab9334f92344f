package io.graylane.gateway.rollback;

/**
 * What a rollback did; {@link #message()} says it in one sentence for logs, the admin API and the CLI.
 * Immutable.
 */
public sealed interface RollbackResult {

    /** One sentence for people. */
    String message();

    /** Whether the rollback took place (or nothing needed doing). */
    default boolean ok() {
        return this instanceof Written || this instanceof Applied || this instanceof Unchanged;
    }

    /**
     * Written to the Consul key with check-and-set: every gateway watching it converges.
     *
     * @param key   {@code consul:<key>}
     * @param from  the version that was live
     * @param to    the version rolled back to
     * @param index the key's new ModifyIndex
     */
    record Written(String key, String from, String to, long index) implements RollbackResult {
        @Override
        public String message() {
            return "rolled back " + key + " from version " + from + " to " + to + ": written at index " + index
                    + "; every gateway watching the key converges on it";
        }
    }

    /**
     * Applied here only (a file source, or Consul could not be written).
     *
     * @param from the version that served
     * @param to   the version now serving
     * @param why  why only here
     */
    record Applied(String from, String to, String why) implements RollbackResult {
        @Override
        public String message() {
            return "rolled back from version " + from + " to " + to + " on this gateway only (" + why + ")";
        }
    }

    /** Nothing to do: {@code to} is live already. */
    record Unchanged(String to) implements RollbackResult {
        @Override
        public String message() {
            return "version " + to + " is live already; nothing to do";
        }
    }

    /** {@code to} names no version kept; {@code known} lists those that are. */
    record NotFound(String to, String known) implements RollbackResult {
        @Override
        public String message() {
            return "to: " + to + " (expected: a version from the history: " + known + ")";
        }
    }

    /**
     * The key changed between the read and the check-and-set write.
     *
     * @param key      {@code consul:<key>}
     * @param expected the ModifyIndex read
     * @param actual   the ModifyIndex it has now
     */
    record Conflict(String key, long expected, long actual) implements RollbackResult {
        @Override
        public String message() {
            return "refused: " + key + " changed since it was read (index " + expected + " → " + actual
                    + "); look at the history and roll back again";
        }
    }

    /** It could not be done, saying why (Consul unreachable, the old text no longer valid). */
    record Failed(String reason) implements RollbackResult {
        @Override
        public String message() {
            return "rollback failed: " + reason;
        }
    }
}
