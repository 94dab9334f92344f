package io.graylane.consul.internal;

import io.graylane.consul.ServiceEntry;
import io.graylane.core.model.Health;
import io.graylane.core.model.Instance;
import io.graylane.core.model.LabelMapping;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns {@code /v1/health/service} entries into immutable {@link Instance} snapshots:
 * <ul>
 *   <li>address: {@code Service.Address}, else {@code Node.Address};</li>
 *   <li>health: aggregated over every check of the entry (node checks included): a maintenance check
 *       ({@code _node_maintenance}, {@code _service_maintenance:<id>}) gives MAINTENANCE, then any
 *       critical (or unknown) status CRITICAL, then any warning WARNING, else PASSING;</li>
 *   <li>weight: {@code Weights.Warning} while warning, else {@code Weights.Passing};</li>
 *   <li>labels: tags and Meta through the configuration's {@link LabelMapping};</li>
 *   <li>datacenter: {@code Node.Datacenter}, else the datacenter asked for;</li>
 *   <li>id: {@code Service.ID}, or {@code Node/ServiceID} when the same service id is registered on
 *       several nodes (Consul ids are only unique per agent).</li>
 * </ul>
 * Entries with no address or no port cannot be dialled and are left out. The result is sorted by id.
 * Stateless.
 */
public final class InstanceMapper {

    private static final Logger log = LoggerFactory.getLogger(InstanceMapper.class);

    /** Consul's node maintenance check id. */
    public static final String NODE_MAINTENANCE = "_node_maintenance";
    /** Prefix of Consul's service maintenance check ids ({@code _service_maintenance:<service id>}). */
    public static final String SERVICE_MAINTENANCE_PREFIX = "_service_maintenance:";

    private InstanceMapper() {
    }

    /** The instances of {@code entries}, sorted by id. */
    public static List<Instance> map(List<ServiceEntry> entries, LabelMapping mapping, String datacenter) {
        Map<String, Integer> idCounts = new HashMap<>();
        for (ServiceEntry e : entries) {
            idCounts.merge(e.service().id(), 1, Integer::sum);
        }
        List<Instance> out = new ArrayList<>(entries.size());
        for (ServiceEntry e : entries) {
            ServiceEntry.Service s = e.service();
            String address = !s.address().isEmpty() ? s.address() : e.node().address();
            String id = s.id().isEmpty() ? e.node().name() + "/" + s.name()
                    : idCounts.get(s.id()) > 1 ? e.node().name() + "/" + s.id() : s.id();
            if (address.isEmpty() || s.port() < 1 || s.port() > 65535 || s.name().isEmpty()) {
                log.debug("Skipping {} on node {}: address \"{}\", port {} cannot be dialled", id, e.node().name(),
                        address, s.port());
                continue;
            }
            Health health = health(e.checks());
            int weight = health == Health.WARNING ? s.weights().warning() : s.weights().passing();
            String dc = !e.node().datacenter().isEmpty() ? e.node().datacenter() : datacenter;
            out.add(new Instance(s.name(), id, address, s.port(), health, weight, dc,
                    mapping.labels(s.tags(), s.meta())));
        }
        out.sort(Comparator.comparing(Instance::id));
        return List.copyOf(out);
    }

    /** The aggregated health of one entry's checks (no checks: PASSING). */
    public static Health health(List<ServiceEntry.Check> checks) {
        boolean maintenance = false;
        boolean critical = false;
        boolean warning = false;
        for (ServiceEntry.Check c : checks) {
            String id = c.checkId();
            if (id.equals(NODE_MAINTENANCE) || id.startsWith(SERVICE_MAINTENANCE_PREFIX)
                    || c.status().equals("maintenance")) {
                maintenance = true;
                continue;
            }
            switch (c.status()) {
                case "passing" -> { }
                case "warning" -> warning = true;
                // "critical", and anything unknown: never route to what we cannot vouch for.
                default -> critical = true;
            }
        }
        if (maintenance) {
            return Health.MAINTENANCE;
        }
        if (critical) {
            return Health.CRITICAL;
        }
        return warning ? Health.WARNING : Health.PASSING;
    }
}
