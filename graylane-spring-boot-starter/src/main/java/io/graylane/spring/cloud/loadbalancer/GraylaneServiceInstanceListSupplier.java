package io.graylane.spring.cloud.loadbalancer;

import io.graylane.core.config.GraylaneConfig;
import io.graylane.core.engine.LaneEngine;
import io.graylane.core.model.Health;
import io.graylane.core.model.Instance;
import io.graylane.core.route.Resolution;
import io.graylane.core.route.ServiceSelector;
import io.graylane.library.context.LaneContext;
import io.graylane.library.context.LaneState;
import io.graylane.library.engine.LaneEngineSource;
import io.graylane.spring.web.reactive.GraylaneReactor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.Request;
import org.springframework.cloud.client.loadbalancer.RequestData;
import org.springframework.cloud.client.loadbalancer.RequestDataContext;
import org.springframework.cloud.loadbalancer.core.DelegatingServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import reactor.core.publisher.Flux;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A Spring Cloud LoadBalancer {@link ServiceInstanceListSupplier} that narrows the delegate's instances
 * to those serving the request's lane, with the same selection and fallback as everywhere in Graylane:
 * the lane's healthy instances (labels from tags and metadata, see {@link ServiceInstanceLabels}), else
 * the fallback lane's, and none at all for a strict lane that cannot be served (the load balancer then
 * reports no instance). The configuration's label scope applies too.
 *
 * <p>The lane is, in order: the lane header on the outbound request ({@code propagation.laneHeader},
 * when the load balancer passes request data), the lane in the Reactor context
 * ({@link GraylaneReactor#LANE_KEY}), the lane bound in {@link LaneContext} on the thread that asks for
 * the list, else the configuration's default lane. The selector built for one instance list is reused
 * until the list or the engine changes. Thread-safe.
 */
public class GraylaneServiceInstanceListSupplier extends DelegatingServiceInstanceListSupplier {

    private static final Logger log = LoggerFactory.getLogger(GraylaneServiceInstanceListSupplier.class);

    private final LaneEngineSource engines;
    private final ServiceInstanceLabels labels;
    private final AtomicReference<Selection> last = new AtomicReference<>();

    /** Narrows {@code delegate}'s lists with {@code engines}' current configuration. */
    public GraylaneServiceInstanceListSupplier(ServiceInstanceListSupplier delegate, LaneEngineSource engines,
                                               ServiceInstanceLabels labels) {
        super(delegate);
        this.engines = Objects.requireNonNull(engines, "engines");
        this.labels = Objects.requireNonNull(labels, "labels");
    }

    @Override
    public Flux<List<ServiceInstance>> get() {
        LaneState bound = LaneContext.currentOrNull();
        return Flux.deferContextual(context -> {
            String lane = lane(null, context, bound);
            return delegate.get().map(list -> select(list, lane));
        });
    }

    @Override
    @SuppressWarnings("rawtypes") // the interface's signature
    public Flux<List<ServiceInstance>> get(Request request) {
        // Read the thread's lane now: the delegate may deliver on a scheduler thread that has none.
        LaneState bound = LaneContext.currentOrNull();
        return Flux.deferContextual(context -> {
            String lane = lane(request, context, bound);
            return delegate.get(request).map(list -> select(list, lane));
        });
    }

    private String lane(Request<?> request, reactor.util.context.ContextView context, LaneState bound) {
        if (request != null && request.getContext() instanceof RequestDataContext data) {
            RequestData client = data.getClientRequest();
            if (client != null && client.getHeaders() != null) {
                String value = client.getHeaders().getFirst(engines.config().propagation().laneHeader());
                if (value != null && !value.isEmpty()) {
                    int semicolon = value.indexOf(';');
                    return semicolon < 0 ? value : value.substring(0, semicolon);
                }
            }
        }
        LaneState fromContext = GraylaneReactor.lane(context);
        if (fromContext != null) {
            return fromContext.lane();
        }
        return bound != null ? bound.lane() : null;
    }

    /** The instances of {@code all} that serve {@code lane} ({@code null}: the default lane). */
    List<ServiceInstance> select(List<ServiceInstance> all, String lane) {
        LaneEngine engine = engines.current();
        Selection s = last.get();
        if (s == null || s.source != all || s.engine != engine) {
            s = Selection.build(getServiceId(), all, engine, labels);
            last.set(s);
        }
        String effective = lane != null ? lane : engine.config().coloring().defaultLane();
        Resolution r = s.selector.resolve(effective);
        if (r.rejected()) {
            log.debug("{}: lane '{}' rejected: {}", getServiceId(), effective, r.rejection());
            return List.of();
        }
        List<ServiceInstance> out = new ArrayList<>(r.subset().size());
        for (Instance i : r.subset()) {
            out.add(s.byInstance.get(i.id()));
        }
        return out;
    }

    @Override
    public String toString() {
        return "GraylaneServiceInstanceListSupplier[" + getServiceId() + " <- " + delegate + "]";
    }

    /** One instance list's selector, for one engine. */
    private record Selection(List<ServiceInstance> source, LaneEngine engine, ServiceSelector selector,
                             Map<String, ServiceInstance> byInstance) {

        static Selection build(String serviceId, List<ServiceInstance> all, LaneEngine engine,
                               ServiceInstanceLabels labels) {
            GraylaneConfig config = engine.config();
            Map<String, ServiceInstance> byId = new HashMap<>();
            Map<ServiceInstance, Boolean> seen = new IdentityHashMap<>();
            List<Instance> instances = new ArrayList<>(all.size());
            String service = serviceId == null || serviceId.isEmpty() ? "service" : serviceId;
            for (ServiceInstance si : all) {
                if (si == null || seen.put(si, Boolean.TRUE) != null || si.getHost() == null || si.getHost().isEmpty()) {
                    continue;
                }
                String id = si.getInstanceId() == null || si.getInstanceId().isEmpty()
                        ? si.getHost() + ":" + si.getPort() : si.getInstanceId();
                String unique = id;
                for (int n = 2; byId.containsKey(unique); n++) {
                    unique = id + "#" + n;
                }
                int port = si.getPort() > 0 && si.getPort() <= 65535 ? si.getPort() : si.isSecure() ? 443 : 80;
                Instance instance = new Instance(service, unique, si.getHost(), port, Health.PASSING, 1, "",
                        labels.labels(si, config.labelMapping()));
                if (config.scope().contains(instance)) {
                    byId.put(unique, si);
                    instances.add(instance);
                }
            }
            ServiceSelector selector = ServiceSelector.build(service, instances, config.lanes(),
                    config.coloring().defaultLane());
            return new Selection(all, engine, selector, Map.copyOf(byId));
        }
    }
}
