package io.graylane.consul;

import io.graylane.config.Format;
import io.graylane.consul.internal.Hashes;
import io.graylane.core.config.GraylaneConfig;
import io.graylane.core.model.Route;
import io.graylane.testkit.consul.ConsulSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ConsulConfigSourceTest {

    private static final Duration PATIENCE = Duration.ofSeconds(15);
    private static final String KEY = "graylane/config";

    private final ConsulSimulator sim = ConsulSimulator.start();
    private final ConsulClient client = Sims.client(sim);
    private final List<ConfigVersion> versions = new CopyOnWriteArrayList<>();
    private final List<GraylaneConfig> configs = new CopyOnWriteArrayList<>();
    private ConsulConfigSource source;

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        if (source != null) {
            source.close();
        }
        sim.close();
    }

    private ConsulConfigSource start(LastKnownGoodStore store) {
        ConsulConfigSource.Builder b = ConsulConfigSource.builder(client, KEY).settings(Sims.FAST)
                .loader(new io.graylane.config.ConfigLoader(k -> null));
        if (store != null) {
            b.lastKnownGood(store);
        }
        source = b.build();
        source.subscribe((version, config) -> {
            versions.add(version);
            configs.add(config);
        });
        return source.start();
    }

    private List<String> services() {
        GraylaneConfig last = configs.get(configs.size() - 1);
        return last.routes().stream().map(Route::service).toList();
    }

    @Test
    void aValidChangeIsAcceptedAndPublishedWithItsModifyIndexAndContentHash() {
        String v1 = Configs.yaml("v1", "web");
        sim.kv().put(KEY, v1);
        start(null);
        await().atMost(PATIENCE).until(() -> configs.size() == 1);
        assertThat(versions.get(0)).isEqualTo(new ConfigVersion(sim.kv().modifyIndex(KEY), Hashes.sha256(v1)));

        sim.kv().put(KEY, Configs.yaml("v2", "web", "api"));

        await().atMost(PATIENCE).until(() -> configs.size() == 2);
        assertThat(services()).containsExactly("web", "api");
        assertThat(source.counters()).isEqualTo(new ConfigSourceCounters(2, 0, 0, 0));
        assertThat(source.current()).hasValueSatisfying(l -> assertThat(l.fromLastKnownGood()).isFalse());
    }

    @Test
    void jsonIsDetectedByItsContent() {
        sim.kv().put(KEY, Configs.json("orders"));
        start(null);

        await().atMost(PATIENCE).until(() -> configs.size() == 1);
        assertThat(services()).containsExactly("orders");
        assertThat(ConsulConfigSource.detect("  \n{\"a\": 1}")).isEqualTo(Format.JSON);
        assertThat(ConsulConfigSource.detect("a: {b: 1}")).isEqualTo(Format.YAML);
    }

    @Test
    void rewritingIdenticalContentIsANoOp() {
        String v1 = Configs.yaml("v1", "web");
        sim.kv().put(KEY, v1);
        start(null);
        await().atMost(PATIENCE).until(() -> configs.size() == 1);

        sim.kv().put(KEY, v1); // new ModifyIndex, same bytes

        await().atMost(PATIENCE).until(() -> source.counters().unchanged() == 1);
        assertThat(configs).hasSize(1);
        assertThat(source.counters().accepted()).isEqualTo(1);
    }

    @Test
    void anInvalidDocumentIsRejectedWithItsErrorsWhileTheCurrentConfigStays() {
        sim.kv().put(KEY, Configs.yaml("v1", "web"));
        start(null);
        await().atMost(PATIENCE).until(() -> configs.size() == 1);
        ConfigVersion good = source.current().orElseThrow().version();

        sim.kv().put(KEY, "lanes:\n  stable: {}\ncoloring:\n  defaultLane: nowhere\nroutes: [{service: \"\"}]\n");

        await().atMost(PATIENCE).until(() -> source.counters().rejected() == 1);
        assertThat(source.current().orElseThrow().version()).isEqualTo(good);
        assertThat(configs).hasSize(1);
        ConfigRejection rejection = source.lastRejection().orElseThrow();
        assertThat(rejection.version().modifyIndex()).isEqualTo(sim.kv().modifyIndex(KEY));
        assertThat(rejection.errors()).isNotEmpty().allSatisfy(e -> assertThat(e).startsWith("consul:graylane/config"));
        assertThat(String.join("\n", rejection.errors())).contains("coloring.defaultLane").contains("routes[0].service");

        sim.kv().put(KEY, Configs.yaml("v3", "api"));
        await().atMost(PATIENCE).until(() -> configs.size() == 2);
        assertThat(services()).containsExactly("api");
    }

    @Test
    void unparseableTextIsRejectedToo() {
        sim.kv().put(KEY, Configs.yaml("v1", "web"));
        start(null);
        await().atMost(PATIENCE).until(() -> configs.size() == 1);

        sim.kv().put(KEY, "{ this is: [not json");

        await().atMost(PATIENCE).until(() -> source.counters().rejected() == 1);
        assertThat(configs).hasSize(1);
    }

    @Test
    void aDocumentWithAnOlderModifyIndexThanTheLiveOneIsIgnored() {
        sim.kv().put(KEY, Configs.yaml("v1", "web"));
        start(null);
        await().atMost(PATIENCE).until(() -> configs.size() == 1);
        long live = source.current().orElseThrow().version().modifyIndex();

        sim.faults().rewindIndex();                       // a snapshot restore renumbers indexes lower
        sim.kv().put(KEY, Configs.yaml("older", "api"));  // written below the live ModifyIndex
        assertThat(sim.kv().modifyIndex(KEY)).isLessThan(live);

        await().atMost(PATIENCE).until(() -> source.counters().staleIgnored() == 1);
        assertThat(configs).hasSize(1);
        assertThat(source.current().orElseThrow().version().modifyIndex()).isEqualTo(live);
    }

    @Test
    void aMissingKeyIsWaitedForWithBlockingReadsNotABusyLoop() {
        sim.kv().put("something/else", "x");
        start(null);
        await().atMost(PATIENCE).until(() -> source.watchState().requests() >= 1 && source.watchState().index() > 0);
        sim.resetRequestCounts();

        await().pollDelay(Duration.ofSeconds(2)).atMost(PATIENCE).until(() -> true);
        assertThat(sim.requestCount("/v1/kv/" + KEY)).isBetween(1L, 5L);
        assertThat(source.current()).isEmpty();

        sim.kv().put(KEY, Configs.yaml("first", "web"));
        await().atMost(PATIENCE).until(() -> configs.size() == 1);
    }

    @Test
    void aDeletedKeyDoesNotUnloadTheCurrentConfig() {
        sim.kv().put(KEY, Configs.yaml("v1", "web"));
        start(null);
        await().atMost(PATIENCE).until(() -> configs.size() == 1);

        sim.kv().delete(KEY);
        await().atMost(PATIENCE).until(() -> source.watchState().changes() == 2);

        assertThat(source.current()).isPresent();
        assertThat(configs).hasSize(1);
    }

    @Test
    void aListenerThatRefusesAVersionKeepsThePreviousOneCurrentAndUnsaved() {
        LastKnownGoodStore store = LastKnownGoodStore.open(dir);
        sim.kv().put(KEY, Configs.yaml("v1", "web"));
        start(store);
        await().atMost(PATIENCE).until(() -> configs.size() == 1);
        ConfigVersion v1 = source.current().orElseThrow().version();
        source.subscribe((version, config) -> {
            if (config.routes().size() > 1) {
                throw new IllegalStateException("cannot provision two routes");
            }
        });

        sim.kv().put(KEY, Configs.yaml("v2", "web", "api"));

        await().atMost(PATIENCE).until(() -> source.counters().rejected() == 1);
        assertThat(source.current().orElseThrow().version()).isEqualTo(v1);
        assertThat(source.lastRejection().orElseThrow().errors().get(0)).contains("cannot provision two routes");
        assertThat(store.loadConfig(KEY).orElseThrow().version()).isEqualTo(v1);
    }

    @Test
    void theLastKnownGoodRoundTripsAndServesAStartDuringAnOutage() throws Exception {
        LastKnownGoodStore store = LastKnownGoodStore.open(dir);
        String v1 = Configs.yaml("v1", "web");
        sim.kv().put(KEY, v1);
        start(store);
        await().atMost(PATIENCE).until(() -> configs.size() == 1);
        await().atMost(PATIENCE).until(() -> store.loadConfig(KEY).isPresent());
        ConfigVersion saved = source.current().orElseThrow().version();
        source.close();
        configs.clear();
        versions.clear();

        sim.faults().outage();
        start(LastKnownGoodStore.open(dir));

        LiveConfig first = source.firstConfig().get(10, TimeUnit.SECONDS);
        assertThat(first.fromLastKnownGood()).isTrue();
        assertThat(first.version()).isEqualTo(saved);
        assertThat(first.text()).isEqualTo(v1);
        assertThat(source.servingFromLastKnownGood()).isTrue();
        assertThat(versions).containsExactly(saved);
        assertThat(services()).containsExactly("web");

        // Consul comes back with the same document: nothing to re-provision, no longer "from last-known-good".
        sim.faults().recover();
        await().atMost(PATIENCE).until(() -> !source.servingFromLastKnownGood());
        assertThat(configs).hasSize(1);

        sim.kv().put(KEY, Configs.yaml("v2", "api"));
        await().atMost(PATIENCE).until(() -> configs.size() == 2);
        assertThat(store.loadConfig(KEY).orElseThrow().text()).contains("# v2");
    }

    @Test
    void consulsDocumentReplacesTheLastKnownGoodEvenAtALowerModifyIndex() throws Exception {
        LastKnownGoodStore store = LastKnownGoodStore.open(dir);
        String old = Configs.yaml("from a previous cluster", "web");
        store.saveConfig(KEY, new ConfigVersion(1_000_000, Hashes.sha256(old)), old);
        sim.faults().outage();
        start(store);
        assertThat(source.firstConfig().get(10, TimeUnit.SECONDS).fromLastKnownGood()).isTrue();

        sim.kv().put(KEY, Configs.yaml("rebuilt cluster", "api"));
        sim.faults().recover();

        await().atMost(PATIENCE).until(() -> configs.size() == 2);
        assertThat(services()).containsExactly("api");
        assertThat(source.servingFromLastKnownGood()).isFalse();
    }

    @Test
    void aMissingKeyAtStartServesTheLastKnownGood() throws Exception {
        LastKnownGoodStore store = LastKnownGoodStore.open(dir);
        String saved = Configs.yaml("saved", "web");
        store.saveConfig(KEY, new ConfigVersion(3, Hashes.sha256(saved)), saved);

        start(store);

        assertThat(source.firstConfig().get(10, TimeUnit.SECONDS).fromLastKnownGood()).isTrue();
        assertThat(services()).containsExactly("web");
    }

    @Test
    void aLateSubscriberIsToldTheCurrentConfigOnce() {
        sim.kv().put(KEY, Configs.yaml("v1", "web"));
        start(null);
        await().atMost(PATIENCE).until(() -> configs.size() == 1);
        List<ConfigVersion> late = new CopyOnWriteArrayList<>();

        source.subscribe((v, c) -> late.add(v));

        await().atMost(PATIENCE).until(() -> late.size() == 1);
        assertThat(late).containsExactlyElementsOf(versions);
    }
}
