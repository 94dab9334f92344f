package io.graylane.consul;

import io.graylane.testkit.consul.Acl;
import io.graylane.testkit.consul.ConsulSimulator;
import io.graylane.testkit.consul.ServiceRegistration.Builder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The client against the simulator: real HTTP on a free port. */
class ConsulClientTest {

    private ConsulSimulator sim = ConsulSimulator.start();
    private ConsulClient client = Sims.client(sim);

    @AfterEach
    void stop() {
        sim.close();
    }

    private void register(Builder b) {
        sim.services().register(b.build());
    }

    private static Builder web(String id) {
        return io.graylane.testkit.consul.ServiceRegistration.builder("web").id(id).port(8080);
    }

    // ------------------------------------------------------------ health and catalog

    @Test
    void healthServiceReturnsEveryInstanceWithItsChecksAndTheQueryMeta() {
        sim.nodes().add("node-2", "10.0.0.2");
        register(web("web-1").tags("version=v1").meta("zone", "a").weights(10, 2).health("passing"));
        register(web("web-2").node("node-2").address("172.16.0.2").health("critical"));

        ConsulResponse<List<ServiceEntry>> r = client.healthService(HealthQuery.of("web"), QueryOptions.DEFAULT);

        assertThat(r.value()).extracting(e -> e.service().id()).containsExactlyInAnyOrder("web-1", "web-2");
        ServiceEntry one = r.value().stream().filter(e -> e.service().id().equals("web-1")).findFirst().orElseThrow();
        assertThat(one.service().tags()).containsExactly("version=v1");
        assertThat(one.service().meta()).containsEntry("zone", "a");
        assertThat(one.service().weights()).isEqualTo(new Weights(10, 2));
        assertThat(one.node().datacenter()).isEqualTo("dc1");
        assertThat(one.checks()).extracting(ServiceEntry.Check::status).contains("passing");
        assertThat(r.meta().index()).isPositive();
        assertThat(r.meta().knownLeader()).isTrue();
    }

    @Test
    void passingTagsAndFilterNarrowTheHealthQuery() {
        register(web("web-1").tags("version=v1", "canary").meta("version", "v1").health("passing"));
        register(web("web-2").tags("version=v2", "canary").meta("version", "v2").health("passing"));
        register(web("web-3").tags("version=v2").meta("version", "v2").health("critical"));

        assertThat(ids(HealthQuery.of("web").passingOnly())).containsExactlyInAnyOrder("web-1", "web-2");
        assertThat(ids(HealthQuery.of("web").withTag("canary").withTag("version=v2"))).containsExactly("web-2");
        assertThat(ids(HealthQuery.of("web").withFilter("Service.Meta.version == \"v2\"")))
                .containsExactlyInAnyOrder("web-2", "web-3");
    }

    @Test
    void anUnknownServiceIsAnEmptyListNotAnError() {
        assertThat(client.healthService(HealthQuery.of("nope"), QueryOptions.DEFAULT).value()).isEmpty();
    }

    @Test
    void aBadFilterIsA400NamingTheEndpoint() {
        ConsulException e = catchThrowableOfType(ConsulException.class,
                () -> client.healthService(HealthQuery.of("web").withFilter("Service.Port ==="), QueryOptions.DEFAULT));

        assertThat(e.status()).isEqualTo(400);
        assertThat(e.endpoint()).startsWith("GET /v1/health/service/web?filter=");
    }

    @Test
    void catalogServicesListsEveryServiceWithItsTags() {
        register(web("web-1").tags("version=v1"));
        register(io.graylane.testkit.consul.ServiceRegistration.builder("api").port(9000).tags("primary"));

        Map<String, List<String>> services = client.catalogServices(QueryOptions.DEFAULT).value();

        assertThat(services).containsEntry("web", List.of("version=v1")).containsEntry("api", List.of("primary"));
    }

    // ------------------------------------------------------------ KV

    @Test
    void aValueWrittenIsReadBackWithItsIndexes() {
        assertThat(client.kvPut("app/config", "hello")).isTrue();

        ConsulResponse<Optional<KvEntry>> r = client.kvGet("app/config", QueryOptions.DEFAULT);

        KvEntry e = r.value().orElseThrow();
        assertThat(e.valueAsString()).isEqualTo("hello");
        assertThat(e.key()).isEqualTo("app/config");
        assertThat(e.modifyIndex()).isPositive().isLessThanOrEqualTo(r.index());
    }

    @Test
    void aMissingKeyIsAbsentWithTheIndexToBlockOn() {
        client.kvPut("other", "x");

        ConsulResponse<Optional<KvEntry>> r = client.kvGet("missing", QueryOptions.DEFAULT);

        assertThat(r.value()).isEmpty();
        assertThat(r.index()).isPositive();
    }

    @Test
    void aBlockingReadOfAMissingKeyReturnsWhenTheKeyAppears() throws Exception {
        long index = client.kvGet("late", QueryOptions.DEFAULT).index();
        CompletableFuture<ConsulResponse<Optional<KvEntry>>> blocked =
                client.kvGetAsync("late", QueryOptions.blocking(index, Duration.ofSeconds(30)));
        assertThat(blocked).isNotDone();

        sim.kv().put("late", "here");

        assertThat(blocked.get(10, TimeUnit.SECONDS).value()).map(KvEntry::valueAsString).contains("here");
    }

    @Test
    void aBlockingReadThatSeesNoChangeReturnsTheSameIndexAfterTheWait() {
        client.kvPut("k", "v");
        long index = client.kvGet("k", QueryOptions.DEFAULT).index();

        long start = System.nanoTime();
        ConsulResponse<Optional<KvEntry>> r = client.kvGet("k", QueryOptions.blocking(index, Duration.ofMillis(500)));

        assertThat(r.index()).isEqualTo(index);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(450));
    }

    @Test
    void recurseAndKeysListWhatIsUnderAPrefix() {
        client.kvPut("app/a", "1");
        client.kvPut("app/b/c", "2");
        client.kvPut("other", "3");

        assertThat(client.kvList("app/", QueryOptions.DEFAULT).value()).extracting(KvEntry::key)
                .containsExactly("app/a", "app/b/c");
        assertThat(client.kvKeys("app/", "", QueryOptions.DEFAULT).value()).containsExactly("app/a", "app/b/c");
        assertThat(client.kvKeys("app/", "/", QueryOptions.DEFAULT).value()).containsExactly("app/a", "app/b/");
        assertThat(client.kvList("none/", QueryOptions.DEFAULT).value()).isEmpty();
        assertThat(client.kvKeys("none/", "", QueryOptions.DEFAULT).value()).isEmpty();
    }

    @Test
    void checkAndSetWritesOnlyAtTheExpectedIndexAndFlagsAreKept() {
        byte[] v1 = "v1".getBytes(StandardCharsets.UTF_8);
        assertThat(client.kvPut("cfg", v1, PutOptions.cas(0).withFlags(-1L))).isTrue();
        assertThat(client.kvPut("cfg", v1, PutOptions.cas(0))).as("create-only on an existing key").isFalse();
        KvEntry e = client.kvGet("cfg", QueryOptions.DEFAULT).value().orElseThrow();
        assertThat(e.flags()).isEqualTo(-1L); // 2^64-1, unsigned

        assertThat(client.kvPut("cfg", "v2".getBytes(StandardCharsets.UTF_8), PutOptions.cas(e.modifyIndex() + 99)))
                .isFalse();
        assertThat(client.kvPut("cfg", "v2".getBytes(StandardCharsets.UTF_8), PutOptions.cas(e.modifyIndex())))
                .isTrue();
        assertThat(client.kvGet("cfg", QueryOptions.DEFAULT).value().orElseThrow().valueAsString()).isEqualTo("v2");
    }

    @Test
    void deleteRemovesAKeyOrATreeAndHonoursCheckAndSet() {
        client.kvPut("t/a", "1");
        client.kvPut("t/b", "2");
        client.kvPut("single", "x");
        long idx = client.kvGet("single", QueryOptions.DEFAULT).value().orElseThrow().modifyIndex();

        assertThat(client.kvDelete("single", false, idx + 5)).isFalse();
        assertThat(client.kvDelete("single", false, idx)).isTrue();
        assertThat(client.kvDelete("t/", true, -1)).isTrue();

        assertThat(client.kvGet("single", QueryOptions.DEFAULT).value()).isEmpty();
        assertThat(client.kvList("t/", QueryOptions.DEFAULT).value()).isEmpty();
    }

    @Test
    void aTransactionIsAppliedAtomicallyOrRolledBackWithTheReason() {
        TxnResult ok = client.txn(List.of(TxnOp.set("x/a", "1"), TxnOp.cas("x/b", "2", 0), TxnOp.get("x/a")));
        assertThat(ok.applied()).isTrue();
        assertThat(ok.results()).extracting(KvEntry::key).contains("x/a", "x/b");

        long idx = client.kvGet("x/a", QueryOptions.DEFAULT).value().orElseThrow().modifyIndex();
        TxnResult rolledBack = client.txn(List.of(TxnOp.set("x/c", "3"), TxnOp.checkIndex("x/a", idx + 1)));

        assertThat(rolledBack.applied()).isFalse();
        assertThat(rolledBack.errors()).extracting(TxnResult.Error::opIndex).containsExactly(1);
        assertThat(client.kvGet("x/c", QueryOptions.DEFAULT).value()).as("nothing of a rolled-back txn applies").isEmpty();
    }

    // ------------------------------------------------------------ agent

    @Test
    void aServiceRegisteredWithATtlCheckStartsCriticalAndFollowsPassWarnFail() {
        client.agentRegister(ServiceRegistration.of("pay", "pay-1", "10.0.0.5", 7000)
                .withTags(List.of("version=v2")).withMeta(Map.of("team", "a")).withWeights(new Weights(5, 1))
                .withChecks(List.of(CheckDefinition.ttl(Duration.ofMinutes(1)))));

        assertThat(status("pay")).isEqualTo("critical");
        client.checkPass("service:pay-1", "all good");
        assertThat(status("pay")).isEqualTo("passing");
        client.checkWarn("service:pay-1", "slow");
        assertThat(status("pay")).isEqualTo("warning");
        client.checkFail("service:pay-1", null);
        assertThat(status("pay")).isEqualTo("critical");

        ServiceEntry e = client.healthService(HealthQuery.of("pay"), QueryOptions.DEFAULT).value().get(0);
        assertThat(e.service().address()).isEqualTo("10.0.0.5");
        assertThat(e.service().weights()).isEqualTo(new Weights(5, 1));
        assertThat(e.service().meta()).containsEntry("team", "a");

        client.agentDeregister("pay-1");
        assertThat(client.healthService(HealthQuery.of("pay"), QueryOptions.DEFAULT).value()).isEmpty();
    }

    @Test
    void deregisteringAnUnknownServiceIsA404WithConsulsMessage() {
        ConsulException e = catchThrowableOfType(ConsulException.class, () -> client.agentDeregister("ghost"));

        assertThat(e.status()).isEqualTo(404);
        assertThat(e.endpoint()).isEqualTo("PUT /v1/agent/service/deregister/ghost");
        assertThat(e.getMessage()).contains("Unknown service ID").contains("ghost");
    }

    @Test
    void updatingAnUnknownCheckIsA404() {
        assertThatThrownBy(() -> client.checkPass("service:ghost", "x")).isInstanceOf(ConsulException.class)
                .satisfies(t -> assertThat(((ConsulException) t).status()).isEqualTo(404));
    }

    // ------------------------------------------------------------ errors

    @Test
    void aNamespaceSentToOpenSourceConsulIsA400ThatSaysWhy() {
        ConsulClient withNs = ConsulClient.create(Sims.config(sim).namespace("team-a").build());

        ConsulException e = catchThrowableOfType(ConsulException.class,
                () -> withNs.healthService(HealthQuery.of("web"), QueryOptions.DEFAULT));

        assertThat(e.status()).isEqualTo(400);
        assertThat(e.endpoint()).isEqualTo("GET /v1/health/service/web?ns=team-a");
        assertThat(e.getMessage()).contains("Namespaces are a Consul Enterprise feature");
    }

    @Test
    void withoutAConfiguredNamespaceOpenSourceConsulAnswersEveryCall() {
        // Any ns parameter, even an empty or "default" one, would be a 400 here.
        client.kvPut("a", "1");
        client.kvGet("a", QueryOptions.DEFAULT);
        client.kvList("", QueryOptions.DEFAULT);
        client.healthService(HealthQuery.of("web"), QueryOptions.DEFAULT);
        client.catalogServices(QueryOptions.DEFAULT);
        client.agentRegister(ServiceRegistration.of("s", "s-1", "", 1));
        client.agentDeregister("s-1");
    }

    @Test
    void aNamespaceWorksAgainstEnterprise() {
        try (ConsulSimulator enterprise = ConsulSimulator.builder().enterprise(true).start()) {
            enterprise.kv().inNamespace("team-a").put("cfg", "ns value");
            enterprise.kv().put("cfg", "default value");
            ConsulClient teamA = ConsulClient.create(Sims.config(enterprise).namespace("team-a").build());

            assertThat(teamA.kvGet("cfg", QueryOptions.DEFAULT).value().orElseThrow().valueAsString())
                    .isEqualTo("ns value");
        }
    }

    @Test
    void theAclTokenFromTheEnvironmentIsSentAndA403NamesTheEndpointButNotTheToken() {
        try (ConsulSimulator secured = ConsulSimulator.builder().aclMasterToken("root-token").start()) {
            secured.acl().token("app-reader-token", Acl.keyPrefix("app/", Acl.Access.READ));
            secured.kv().put("app/config", "ok");
            secured.kv().put("secret/x", "no");
            ConsulClient reader = ConsulClient.create(ConsulClientConfig.builder()
                    .environment(Map.of("CONSUL_HTTP_ADDR", "127.0.0.1:" + secured.port(),
                            "CONSUL_HTTP_TOKEN", "app-reader-token")::get)
                    .build());

            assertThat(reader.kvGet("app/config", QueryOptions.DEFAULT).value()).isPresent();
            ConsulException e = catchThrowableOfType(ConsulException.class,
                    () -> reader.kvGet("secret/x", QueryOptions.DEFAULT));

            assertThat(e.status()).isEqualTo(403);
            assertThat(e.endpoint()).isEqualTo("GET /v1/kv/secret/x");
            assertThat(e.getMessage()).contains("Permission denied").doesNotContain("app-reader-token");
        }
    }

    @Test
    void anUnknownDatacenterIsA500NoPathToDatacenter() {
        ConsulException e = catchThrowableOfType(ConsulException.class,
                () -> client.kvGet("k", QueryOptions.DEFAULT.withDatacenter("mars")));

        assertThat(e.status()).isEqualTo(500);
        assertThat(e.getMessage()).contains("No path to datacenter");
    }

    @Test
    void anUnreachableConsulIsANoResponseErrorNamingTheAddress() {
        sim.faults().outage();

        ConsulException e = catchThrowableOfType(ConsulException.class,
                () -> client.kvGet("k", QueryOptions.DEFAULT));

        assertThat(e.isNoResponse()).isTrue();
        assertThat(e.getMessage()).contains("GET /v1/kv/k").contains(sim.address().toString());
    }

    @Test
    void asynchronousFailuresCarryTheSameConsulException() {
        sim.faults().failNext(1, 503);

        CompletableFuture<ConsulResponse<Optional<KvEntry>>> f = client.kvGetAsync("k", QueryOptions.DEFAULT);

        assertThat(f).failsWithin(Duration.ofSeconds(5)).withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .havingCause().isInstanceOf(ConsulException.class).withMessageContaining("503")
                .withMessageContaining("rate limit exceeded");
    }

    @Test
    void aBlockingReadStalledPastItsWaitTimesOutAfterWaitPlusJitterPlusMargin() {
        client.kvPut("k", "v");
        long index = client.kvGet("k", QueryOptions.DEFAULT).index();
        ConsulClient impatient = ConsulClient.create(Sims.config(sim).requestTimeout(Duration.ofMillis(300)).build());
        sim.faults().stallPastWait(true);

        long start = System.nanoTime();
        ConsulException e = catchThrowableOfType(ConsulException.class,
                () -> impatient.kvGet("k", QueryOptions.blocking(index, Duration.ofMillis(800))));
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(e.isNoResponse()).isTrue();
        assertThat(e.getMessage()).contains("timed out after 1150ms"); // 800 + 800/16 + 300
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(1100));
    }

    private List<String> ids(HealthQuery q) {
        return client.healthService(q, QueryOptions.DEFAULT).value().stream().map(e -> e.service().id()).toList();
    }

    private String status(String service) {
        ServiceEntry e = client.healthService(HealthQuery.of(service), QueryOptions.DEFAULT).value().get(0);
        return e.checks().stream().filter(c -> c.checkId().startsWith("service:")).findFirst().orElseThrow().status();
    }
}
