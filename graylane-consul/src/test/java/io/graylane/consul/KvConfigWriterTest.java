package io.graylane.consul;

import io.graylane.testkit.consul.ConsulSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** CAS writes of a config key and its history beside it, over HTTP against the simulator. */
class KvConfigWriterTest {

    private static final String KEY = "graylane/config";

    private final ConsulSimulator sim = ConsulSimulator.start();
    private final ConsulClient client = Sims.client(sim);
    private final KvConfigWriter writer = new KvConfigWriter(client, KEY, Clock.systemUTC());

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void aWriteAtTheIndexReadLandsAndIsRecordedUnderTheHistoryPrefix() {
        KvConfigWriter.Outcome first = writer.write("a: 1\n", 0, "push", "first", 20);

        assertThat(first).isInstanceOf(KvConfigWriter.Written.class);
        long index = first.index();
        assertThat(sim.kv().modifyIndex(KEY)).isEqualTo(index);
        assertThat(sim.kv().get(KvConfigHistory.entryKey(KEY, index))).isPresent();
        HistoryEntry entry = writer.history().get(index).orElseThrow();
        assertThat(entry.text()).isEqualTo("a: 1\n");
        assertThat(entry.source()).isEqualTo("push");
        assertThat(entry.note()).isEqualTo("first");
    }

    @Test
    void aWriteIsRefusedWhenTheKeyChangedSinceItWasRead() {
        long read = writer.write("a: 1\n", 0, "push", "", 20).index();
        sim.kv().put(KEY, "a: 2\n");

        KvConfigWriter.Outcome outcome = writer.write("a: 3\n", read, "push", "", 20);

        assertThat(outcome).isEqualTo(new KvConfigWriter.Conflict(read, sim.kv().modifyIndex(KEY)));
        assertThat(sim.kv().get(KEY)).hasValue("a: 2\n");
    }

    @Test
    void theSameTextIsNotWrittenAgain() {
        long index = writer.write("a: 1\n", 0, "push", "", 20).index();

        assertThat(writer.write("a: 1\n", index, "push", "", 20)).isEqualTo(new KvConfigWriter.Unchanged(index));
        assertThat(sim.kv().modifyIndex(KEY)).isEqualTo(index);
    }

    @Test
    void theHistoryKeepsTheNewestVersionsOnly() {
        long index = 0;
        for (int i = 1; i <= 5; i++) {
            index = writer.write("a: " + i + "\n", index, "push", "", 3).index();
        }

        List<HistoryEntry> entries = writer.history().list();
        assertThat(entries).extracting(HistoryEntry::text).containsExactly("a: 5\n", "a: 4\n", "a: 3\n");
        assertThat(entries.get(0).version()).isEqualTo(index);
    }

    @Test
    void theAuthorsEntryReplacesOneAGatewayRecordedFirstButNotAnotherAuthors() {
        String hash = "cd".repeat(32);
        writer.history().record(new HistoryEntry(9, hash, java.time.Instant.EPOCH, KvConfigHistory.SEEN_BY_GATEWAY, "", "x: 1\n"));

        assertThat(writer.history().recordAsAuthor(new HistoryEntry(9, hash, java.time.Instant.EPOCH, "push", "mine", "x: 1\n")))
                .isTrue();
        assertThat(writer.history().recordAsAuthor(new HistoryEntry(9, hash, java.time.Instant.EPOCH, "rollback", "", "x: 1\n")))
                .isFalse();
        assertThat(writer.history().get(9)).hasValueSatisfying(h -> assertThat(h.note()).isEqualTo("mine"));
    }

    @Test
    void recordingAVersionTwiceKeepsTheFirstEntry() {
        HistoryEntry e = new HistoryEntry(7, "ab".repeat(32), java.time.Instant.EPOCH, "push", "mine", "x: 1\n");
        assertThat(writer.history().record(e)).isTrue();
        assertThat(writer.history().record(new HistoryEntry(7, e.hash(), e.time(), "gateway", "", "x: 1\n"))).isFalse();
        assertThat(writer.history().get(7)).hasValueSatisfying(h -> assertThat(h.source()).isEqualTo("push"));
    }
}
