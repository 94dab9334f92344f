package io.graylane.testkit.consul;

/**
 * One run of a query: its answer, the index it reports, and a marker that changes when the data the
 * query watches changes (usually the index itself). Immutable by convention: bodies are fresh copies.
 */
record Snapshot<T>(T body, long index, Object marker, boolean filteredByAcl) {

    static <T> Snapshot<T> of(T body, long index) {
        return new Snapshot<>(body, index, index, false);
    }

    static <T> Snapshot<T> of(T body, long index, boolean filteredByAcl) {
        return new Snapshot<>(body, index, index, filteredByAcl);
    }
}
