package io.graylane.consul.internal;

import io.graylane.consul.ServiceEntry;
import io.graylane.consul.Weights;
import io.graylane.core.model.Health;
import io.graylane.core.model.Instance;
import io.graylane.core.model.LabelMapping;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class InstanceMapperTest {

    /** The documented example entry from CONSUL.md, as Consul sends it. */
    private static final String CONSUL_MD_EXAMPLE = """
            [{"Node":{"ID":"40e4a748-2192-161a-0510-9bf59fe950b5","Node":"foobar","Address":"10.1.10.12",
                      "Datacenter":"dc1","TaggedAddresses":{"lan":"10.1.10.12","wan":"10.1.10.12"},
                      "Meta":{"instance_type":"t2.medium"},"CreateIndex":5,"ModifyIndex":5},
              "Service":{"ID":"redis","Service":"redis","Tags":["primary"],"Address":"10.1.10.12",
                         "Meta":{"redis_version":"4.0"},"Port":8000,"Weights":{"Passing":10,"Warning":1},
                         "CreateIndex":7,"ModifyIndex":7},
              "Checks":[{"Node":"foobar","CheckID":"service:redis","Name":"Service 'redis' check","Status":"passing",
                         "Notes":"","Output":"","ServiceID":"redis","ServiceName":"redis","ServiceTags":["primary"]},
                        {"Node":"foobar","CheckID":"serfHealth","Name":"Serf Health Status","Status":"passing",
                         "Notes":"","Output":"","ServiceID":"","ServiceName":"","ServiceTags":[]}]}]
            """;

    @Test
    void theDocumentedEntryBecomesOneInstanceWithEverythingMapped() throws Exception {
        List<ServiceEntry> entries = ConsulJson.serviceEntries(
                ConsulJson.tree(CONSUL_MD_EXAMPLE.getBytes(StandardCharsets.UTF_8)));

        List<Instance> instances = InstanceMapper.map(entries, LabelMapping.DEFAULT, "");

        assertThat(instances).containsExactly(new Instance("redis", "redis", "10.1.10.12", 8000, Health.PASSING, 10,
                "dc1", Map.of("primary", "", "redis_version", "4.0")));
    }

    @Test
    void anEmptyServiceAddressFallsBackToTheNodeAddress() {
        ServiceEntry entry = entry("web-1", "", 8080, List.of(), Map.of(), Weights.DEFAULT, check("passing"));

        assertThat(InstanceMapper.map(List.of(entry), LabelMapping.DEFAULT, "").get(0).address())
                .isEqualTo("10.0.0.9");
    }

    @Test
    void aServiceAddressWinsOverTheNodeAddress() {
        ServiceEntry entry = entry("web-1", "172.16.0.4", 8080, List.of(), Map.of(), Weights.DEFAULT, check("passing"));

        assertThat(InstanceMapper.map(List.of(entry), LabelMapping.DEFAULT, "").get(0).address())
                .isEqualTo("172.16.0.4");
    }

    @ParameterizedTest(name = "{0} -> weight {1}")
    @CsvSource({"passing, 10", "warning, 3", "critical, 10"})
    void theWeightFollowsTheHealth(String status, int weight) {
        ServiceEntry entry = entry("web-1", "", 8080, List.of(), Map.of(), new Weights(10, 3), check(status));

        assertThat(InstanceMapper.map(List.of(entry), LabelMapping.DEFAULT, "").get(0).weight()).isEqualTo(weight);
    }

    @ParameterizedTest(name = "[{0}] -> {1}")
    @CsvSource({
            "'', PASSING",
            "'passing,passing', PASSING",
            "'passing,warning', WARNING",
            "'warning,critical', CRITICAL",
            "'passing,critical,warning', CRITICAL",
            "'passing,bogus', CRITICAL",
            "'passing,maintenance', MAINTENANCE",
            "'critical,maintenance', MAINTENANCE",
    })
    void healthIsAggregatedOverEveryCheckWorstFirst(String statuses, Health expected) {
        List<ServiceEntry.Check> checks = new ArrayList<>();
        for (String s : statuses.split(",")) {
            if (!s.isEmpty()) {
                checks.add(new ServiceEntry.Check("n1", "c-" + checks.size(), "", s, "web-1", "web"));
            }
        }
        assertThat(InstanceMapper.health(checks)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"_node_maintenance", "_service_maintenance:web-1"})
    void consulsMaintenanceChecksPutTheInstanceInMaintenance(String checkId) {
        // Consul registers maintenance checks as critical; the id is what says "maintenance".
        List<ServiceEntry.Check> checks = List.of(
                new ServiceEntry.Check("n1", "service:web-1", "", "passing", "web-1", "web"),
                new ServiceEntry.Check("n1", checkId, "", "critical", "", ""));

        assertThat(InstanceMapper.health(checks)).isEqualTo(Health.MAINTENANCE);
    }

    @Test
    void aFailingNodeCheckMakesTheInstanceCritical() {
        List<ServiceEntry.Check> checks = List.of(
                new ServiceEntry.Check("n1", "service:web-1", "", "passing", "web-1", "web"),
                new ServiceEntry.Check("n1", "serfHealth", "", "critical", "", ""));

        assertThat(InstanceMapper.health(checks)).isEqualTo(Health.CRITICAL);
    }

    @Test
    void labelsComeFromTagsAndMetaThroughTheConfiguredMappingWithMetaWinning() {
        ServiceEntry entry = entry("web-1", "", 8080, List.of("version=v1", "zone:a", "canary"),
                Map.of("version", "v2"), Weights.DEFAULT, check("passing"));

        assertThat(InstanceMapper.map(List.of(entry), LabelMapping.DEFAULT, "").get(0).labels())
                .isEqualTo(Map.of("version", "v2", "zone", "a", "canary", ""));
        assertThat(InstanceMapper.map(List.of(entry), new LabelMapping(List.of("="), true, false), "").get(0).labels())
                .isEqualTo(Map.of("version", "v1", "zone:a", "", "canary", ""));
    }

    @Test
    void theDatacenterComesFromTheNodeElseFromTheQuery() {
        ServiceEntry noDc = new ServiceEntry(new ServiceEntry.Node("", "n1", "10.0.0.9", "", Map.of()),
                new ServiceEntry.Service("web-1", "web", List.of(), "", 80, Map.of(), Weights.DEFAULT), List.of());

        assertThat(InstanceMapper.map(List.of(noDc), LabelMapping.DEFAULT, "dc7").get(0).datacenter()).isEqualTo("dc7");
        assertThat(InstanceMapper.map(List.of(entry("web-1", "", 80, List.of(), Map.of(), Weights.DEFAULT)),
                LabelMapping.DEFAULT, "dc7").get(0).datacenter()).isEqualTo("dc1");
    }

    @Test
    void theSameServiceIdOnTwoNodesGetsNodeQualifiedIdsAndResultsAreSortedById() {
        ServiceEntry a = new ServiceEntry(new ServiceEntry.Node("", "node-b", "10.0.0.2", "dc1", Map.of()),
                new ServiceEntry.Service("web", "web", List.of(), "", 80, Map.of(), Weights.DEFAULT), List.of());
        ServiceEntry b = new ServiceEntry(new ServiceEntry.Node("", "node-a", "10.0.0.1", "dc1", Map.of()),
                new ServiceEntry.Service("web", "web", List.of(), "", 80, Map.of(), Weights.DEFAULT), List.of());
        ServiceEntry c = new ServiceEntry(new ServiceEntry.Node("", "node-a", "10.0.0.1", "dc1", Map.of()),
                new ServiceEntry.Service("web-x", "web", List.of(), "", 81, Map.of(), Weights.DEFAULT), List.of());

        assertThat(InstanceMapper.map(List.of(a, b, c), LabelMapping.DEFAULT, "")).extracting(Instance::id)
                .containsExactly("node-a/web", "node-b/web", "web-x");
    }

    @Test
    void entriesThatCannotBeDialledAreLeftOut() {
        ServiceEntry noPort = entry("web-1", "", 0, List.of(), Map.of(), Weights.DEFAULT);
        ServiceEntry noAddress = new ServiceEntry(new ServiceEntry.Node("", "n1", "", "dc1", Map.of()),
                new ServiceEntry.Service("web-2", "web", List.of(), "", 80, Map.of(), Weights.DEFAULT), List.of());

        assertThat(InstanceMapper.map(List.of(noPort, noAddress), LabelMapping.DEFAULT, "")).isEmpty();
    }

    private static ServiceEntry.Check check(String status) {
        return new ServiceEntry.Check("n1", "service:web-1", "", status, "web-1", "web");
    }

    private static ServiceEntry entry(String id, String address, int port, List<String> tags, Map<String, String> meta,
                                      Weights weights, ServiceEntry.Check... checks) {
        return new ServiceEntry(new ServiceEntry.Node("uuid", "n1", "10.0.0.9", "dc1", Map.of()),
                new ServiceEntry.Service(id, "web", tags, address, port, meta, weights), List.of(checks));
    }
}
