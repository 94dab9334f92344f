package io.graylane.gateway.run;

/**
 * Told about every configuration version a source is about to apply and every one it applied: the
 * history keeps them, and a version rolled back as bad is refused here. Calls come on the source's
 * thread, one at a time and in order. Implementations are thread-safe.
 */
public interface RevisionGate {

    /** Lets everything through and keeps nothing. */
    RevisionGate OPEN = new RevisionGate() {
        @Override
        public void admit(ConfigRevision revision) {
        }

        @Override
        public void applied(ConfigRevision revision) {
        }
    };

    /**
     * A changed, valid version is about to be applied.
     *
     * @throws RuntimeException to refuse it: the source reports it like an invalid config, naming the reason
     */
    void admit(ConfigRevision revision);

    /** {@code revision} is serving now (the engine built from it was swapped in). */
    void applied(ConfigRevision revision);
}
