package io.graylane.core.rule;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Statistical behaviour of sticky splits over many random keys; the seed is printed and replayable. */
class StickySplitTest {

    private static final int KEYS = 1_000_000;
    private static long seed;
    private static String[] keys;
    private static int[] buckets;

    @BeforeAll
    static void hashOneMillionRandomKeys() {
        seed = Seeds.seed("StickySplitTest");
        SplittableRandom random = new SplittableRandom(seed);
        keys = new String[KEYS];
        buckets = new int[KEYS];
        for (int i = 0; i < KEYS; i++) {
            keys[i] = randomUserId(random);
            buckets[i] = StickyHash.bucket("", keys[i]);
        }
    }

    @ParameterizedTest(name = "{0} basis points")
    @ValueSource(ints = {100, 500, 1000, 5000})
    void aStickySplitTakesItsTargetShareOfKeysWithinPointThreePercentagePoints(int basisPoints) {
        int in = 0;
        for (int bucket : buckets) {
            if (bucket < basisPoints) {
                in++;
            }
        }
        double sharePercent = 100.0 * in / KEYS;
        assertThat(sharePercent).as("seed %d", seed).isCloseTo(basisPoints / 100.0, within(0.3));
    }

    @Test
    void raisingThePercentageNeverMovesAKeyOut() {
        CompiledCondition fivePercent = sticky(500, "");
        CompiledCondition tenPercent = sticky(1000, "");
        int inAtFive = 0;
        for (int i = 0; i < 100_000; i++) {
            RequestView request = withUserId(keys[i]);
            if (fivePercent.test(request)) {
                inAtFive++;
                assertThat(tenPercent.test(request)).as("seed %d, key %s", seed, keys[i]).isTrue();
            }
        }
        assertThat(inAtFive).as("seed %d", seed).isGreaterThan(4_000);
    }

    @Test
    void theSameKeyAlwaysLandsInTheSameBucket() {
        for (int i = 0; i < 100_000; i++) {
            String copy = new String(keys[i].toCharArray());
            assertThat(StickyHash.bucket("", copy)).as("seed %d, key %s", seed, copy).isEqualTo(buckets[i]);
        }
    }

    @Test
    void differentSaltsGiveIndependentSplits() {
        int both = 0;
        int n = 200_000;
        for (int i = 0; i < n; i++) {
            boolean a = StickyHash.bucket("experiment-a", keys[i]) < 5000;
            boolean b = StickyHash.bucket("experiment-b", keys[i]) < 5000;
            if (a && b) {
                both++;
            }
        }
        assertThat(100.0 * both / n).as("seed %d", seed).isCloseTo(25.0, within(1.0));
    }

    @Test
    void aStickyConditionMatchesExactlyTheKeysBelowItsBasisPoints() {
        CompiledCondition split = sticky(1234, "");
        for (int i = 0; i < 50_000; i++) {
            assertThat(split.test(withUserId(keys[i]))).as("seed %d, key %s", seed, keys[i])
                    .isEqualTo(buckets[i] < 1234);
        }
    }

    private static CompiledCondition sticky(int basisPoints, String salt) {
        return Conditions.compile(new Condition.Sticky(StickyKey.parse("header:X-User-ID"), basisPoints, salt));
    }

    private static RequestView withUserId(String id) {
        return MapRequestView.builder().header("x-user-id", id).build();
    }

    /** Ids shaped like real ones: a prefix, digits, sometimes a UUID-ish or e-mail-ish tail. */
    private static String randomUserId(SplittableRandom random) {
        return switch (random.nextInt(3)) {
            case 0 -> "user-" + random.nextLong(1, 100_000_000L);
            case 1 -> Long.toHexString(random.nextLong()) + "-" + Integer.toHexString(random.nextInt());
            default -> "u" + random.nextInt(1_000_000) + "@example" + random.nextInt(100) + ".com";
        };
    }
}
