package io.graylane.core.rule;

import java.util.Locale;

/**
 * Compiled percentage conditions: a sticky split by key hash and a non-sticky random share.
 * Immutable; thread-safe when the {@link RandomSource} is.
 */
final class SplitNodes {

    private SplitNodes() {
    }

    /**
     * Bucket of the key ({@link StickyHash}) below the basis points. A missing or empty key never
     * matches: an empty key would put every keyless request into one bucket.
     */
    static final class StickyNode extends ConditionNode {
        private final StickyKey.Source source;
        private final String lookupName;
        private final String salt;
        private final StickyHash.Salted salted;
        private final int basisPoints;
        private final String label;

        StickyNode(Condition.Sticky sticky) {
            this.source = sticky.key().source();
            String name = sticky.key().name();
            // Header look-ups are case-insensitive; lower-casing once spares case-insensitive views the work.
            this.lookupName = source == StickyKey.Source.HEADER ? name.toLowerCase(Locale.ROOT) : name;
            this.salt = sticky.salt();
            // The salt's share of the hash is computed once here; a request hashes only its key.
            this.salted = new StickyHash.Salted(salt);
            this.basisPoints = sticky.basisPoints();
            this.label = "sticky " + sticky.key() + (salt.isEmpty() ? "" : " salt " + ConditionNode.quote(salt));
        }

        private String key(RequestView request) {
            return switch (source) {
                case HEADER -> request.lowerCaseHeader(lookupName);
                case COOKIE -> request.cookie(lookupName);
                case QUERY -> request.query(lookupName);
            };
        }

        @Override
        public boolean test(RequestView request) {
            String key = key(request);
            return key != null && !key.isEmpty() && salted.bucket(key) < basisPoints;
        }

        @Override
        public ConditionTrace explain(RequestView request) {
            String key = key(request);
            if (key == null || key.isEmpty()) {
                return leaf(label + (key == null ? ": key absent" : ": key empty"), false);
            }
            int bucket = StickyHash.bucket(salt, key);
            return leaf(label + " bucket " + bucket + " < " + basisPoints, bucket < basisPoints);
        }
    }

    /** A fresh draw in 0..9999 below the basis points; draws once per evaluation, hit or miss. */
    static final class RandomNode extends ConditionNode {
        private final int basisPoints;
        private final RandomSource random;
        private final String label;

        RandomNode(Condition.Random condition, RandomSource random) {
            this.basisPoints = condition.basisPoints();
            this.random = random;
            this.label = String.format(Locale.ROOT, "random %d.%02d%%", basisPoints / 100, basisPoints % 100);
        }

        @Override
        public boolean test(RequestView request) {
            return random.nextBasisPoint() < basisPoints;
        }

        @Override
        public ConditionTrace explain(RequestView request) {
            int draw = random.nextBasisPoint();
            return leaf(label + ": drew " + draw, draw < basisPoints);
        }
    }
}
