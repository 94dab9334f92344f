package io.graylane.consul.internal;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class BlockingIndexTest {

    @ParameterizedTest(name = "sent {0}, Consul answered {1} -> next {2}")
    @CsvSource({
            "0, 5, 5",     // first read adopts the index
            "5, 5, 5",     // wait timed out: block on the same index again
            "5, 9, 9",     // changed: move forward
            "9, 4, 0",     // went backwards (snapshot restore): start over from 0
            "0, 0, 1",     // below 1: floor at 1 so the next read blocks
            "1, 0, 0",     // below what was sent: backwards wins, then the next answer is floored
    })
    void nextIndexFollowsConsulsRules(long sent, long returned, long expected) {
        assertThat(BlockingIndex.next(sent, returned)).isEqualTo(expected);
    }

    @org.junit.jupiter.api.Test
    void anErrorStartsOverFromZero() {
        assertThat(BlockingIndex.AFTER_ERROR).isZero();
    }
}
