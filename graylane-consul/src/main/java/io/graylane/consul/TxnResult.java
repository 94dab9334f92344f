package io.graylane.consul;

import java.util.List;

/**
 * The outcome of a {@code PUT /v1/txn}: applied (200, with the entries read or written) or rolled
 * back (409, with why). A rollback is an answer, not an exception. Immutable.
 *
 * @param applied whether every operation was applied
 * @param results the entries of the operations that return one, when applied
 * @param errors  what failed, when rolled back
 */
public record TxnResult(boolean applied, List<KvEntry> results, List<Error> errors) {

    public TxnResult {
        results = List.copyOf(results);
        errors = List.copyOf(errors);
    }

    /**
     * Why one operation failed.
     *
     * @param opIndex the operation's position in the request
     * @param what    Consul's explanation
     */
    public record Error(int opIndex, String what) {
    }
}
