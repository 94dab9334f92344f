package io.graylane.consul.internal;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TokenBucketTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    @Test
    void aFullBucketAllowsTheBurstBackToBackThenSpacesRequestsByTheRate() {
        TokenBucket bucket = new TokenBucket(2.0, 2, now::get);

        assertThat(bucket.reserve()).isZero();
        assertThat(bucket.reserve()).isZero();
        assertThat(bucket.reserve()).isEqualTo(500_000_000L);
        assertThat(bucket.reserve()).isEqualTo(1_000_000_000L);
    }

    @Test
    void tokensComeBackWithTimeButNeverBeyondTheBurst() {
        TokenBucket bucket = new TokenBucket(1.0, 2, now::get);
        bucket.reserve();
        bucket.reserve();

        now.addAndGet(60_000_000_000L);

        assertThat(bucket.reserve()).isZero();
        assertThat(bucket.reserve()).isZero();
        assertThat(bucket.reserve()).isEqualTo(1_000_000_000L);
    }

    @Test
    void overTenSecondsOfDemandAtMostBurstPlusRateTimesTenRequestsGoOut() {
        TokenBucket bucket = new TokenBucket(5.0, 2, now::get);
        long start = now.get();
        int sent = 0;
        // Each request waits what the bucket says before the next one asks.
        while (now.get() - start <= 10_000_000_000L) {
            long wait = bucket.reserve();
            now.addAndGet(Math.max(wait, 1));
            if (now.get() - start <= 10_000_000_000L) {
                sent++;
            }
        }
        assertThat(sent).isBetween(50, 52);
    }

    @Test
    void rejectsANonPositiveRateOrBurst() {
        assertThatThrownBy(() -> new TokenBucket(0, 2, now::get)).hasMessage("rate: 0.0 (expected: > 0)");
        assertThatThrownBy(() -> new TokenBucket(1, 0, now::get)).hasMessage("burst: 0 (expected: >= 1)");
    }
}
