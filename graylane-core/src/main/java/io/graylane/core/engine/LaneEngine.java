package io.graylane.core.engine;

import io.graylane.core.config.GraylaneConfig;
import io.graylane.core.config.Propagation;
import io.graylane.core.model.Instance;
import io.graylane.core.model.Route;
import io.graylane.core.route.Decision;
import io.graylane.core.route.Resolution;
import io.graylane.core.route.RoutingTable;
import io.graylane.core.rule.Colorer;
import io.graylane.core.rule.ColoringOutcome;
import io.graylane.core.rule.ColoringTrace;
import io.graylane.core.rule.RandomSource;
import io.graylane.core.rule.RequestView;
import io.graylane.core.trust.Baggage;
import io.graylane.core.trust.TrustPolicy;
import io.graylane.core.trust.TrustVerdict;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * The lane engine for one configuration snapshot: trust, then the lane (kept from a trusted or
 * signed carrier, else colored), then the route, the lane's resolution for the target service and
 * a weighted instance. Immutable and thread-safe; a discovery change gives a new engine through
 * {@link #withInstances(String, List)} that shares everything else.
 */
public final class LaneEngine {

    private final GraylaneConfig config;
    private final TrustPolicy trust;
    private final Colorer colorer;
    private final RoutingTable table;

    private LaneEngine(GraylaneConfig config, TrustPolicy trust, Colorer colorer, RoutingTable table) {
        this.config = config;
        this.trust = trust;
        this.colorer = colorer;
        this.table = table;
    }

    /** An engine over the config's static instances, drawing random numbers from the current thread. */
    public static LaneEngine create(GraylaneConfig config) {
        return create(config, config.staticInstances(), RandomSource.threadLocal());
    }

    /**
     * An engine over the given instances.
     *
     * @param config    validated configuration
     * @param instances instances per service (from discovery); scope filtering is applied here
     * @param random    source for random-weight coloring conditions
     */
    public static LaneEngine create(GraylaneConfig config, Map<String, List<Instance>> instances,
                                    RandomSource random) {
        Objects.requireNonNull(config, "config");
        TrustPolicy trust = new TrustPolicy(config.trust(), config.propagation());
        Colorer colorer = Colorer.compile(config.coloring(), random);
        RoutingTable table = RoutingTable.build(config.routes(), config.lanes(), config.coloring().defaultLane(),
                config.scope(), instances);
        return new LaneEngine(config, trust, colorer, table);
    }

    /** A copy whose {@code service} instances are replaced. */
    public LaneEngine withInstances(String service, List<Instance> instances) {
        return new LaneEngine(config, trust, colorer, table.withInstances(service, instances));
    }

    /**
     * The request's lane on the fast path: the vetted lane header if the trust policy keeps it,
     * otherwise the coloring outcome's lane. Adapters that mutate headers use {@link TrustPolicy#apply}
     * first and pass its verdict here.
     */
    public String lane(RequestView request, TrustVerdict verdict) {
        String kept = verdict.lane();
        return kept != null ? kept : colorer.color(request).lane();
    }

    /** The coloring outcome for a request whose lane must be assigned here. Allocation-free. */
    public ColoringOutcome color(RequestView request) {
        return colorer.color(request);
    }

    /** Resolves {@code lane} for {@code service} and picks an instance. */
    public Decision decide(String service, String lane, RandomGenerator random) {
        return table.decide(service, lane, random);
    }

    /**
     * Explains the whole decision for a request, the slow path for {@code explain}, the admin API and
     * tests. The request's lane header and baggage are vetted exactly as the gateway vets them.
     *
     * @param request         the request
     * @param host            host to match routes against ({@code null}: the request's Host header)
     * @param serviceOverride target service to use instead of matching routes, or {@code null}
     * @param random          source for the weighted instance choice
     * @param now             the time signed lanes are checked against
     */
    public Explanation explain(RequestView request, String host, String serviceOverride, RandomGenerator random,
                               Instant now) {
        Propagation propagation = config.propagation();
        byte[] peer = request.clientAddressBytes();
        String headerValue = request.header(propagation.laneHeader());
        TrustVerdict verdict = trust.evaluate(headerValue, peer, now);
        String carrier = headerValue == null || headerValue.isEmpty() ? null : "header " + propagation.laneHeader();
        if (!verdict.isKept() && propagation.baggage()) {
            String member = Baggage.readMember(request.header(Baggage.HEADER), propagation.baggageKey());
            TrustVerdict fromBaggage = trust.evaluate(member, peer, now);
            if (fromBaggage.isKept() || verdict instanceof TrustVerdict.Absent && member != null) {
                verdict = fromBaggage;
                carrier = "baggage " + propagation.baggageKey();
            }
        }
        String lane;
        LaneSource source;
        ColoringTrace coloring = null;
        if (verdict.isKept()) {
            lane = verdict.lane();
            source = verdict instanceof TrustVerdict.KeepVerified ? LaneSource.SIGNED
                    : carrier != null && carrier.startsWith("baggage") ? LaneSource.TRUSTED_BAGGAGE
                    : LaneSource.TRUSTED_HEADER;
        } else {
            coloring = colorer.explain(request);
            lane = coloring.outcome().lane();
            source = coloring.outcome().isDefault() ? LaneSource.DEFAULT : LaneSource.RULE;
        }
        String matchHost = host != null ? host : request.header("host");
        Route route = null;
        String service = serviceOverride;
        if (service == null) {
            route = table.route(matchHost, request.path());
            service = route == null ? null : route.service();
        }
        Resolution resolution = null;
        Instance instance = null;
        if (service != null) {
            resolution = table.service(service).resolve(lane);
            instance = resolution.pick(random);
        }
        String client = request.clientAddress() == null ? null : request.clientAddress().getHostAddress();
        return new Explanation(request.method(), matchHost, request.path(), client, verdict, carrier, lane, source,
                coloring, route, service, resolution, instance);
    }

    /** The trust policy of this snapshot. */
    public TrustPolicy trust() {
        return trust;
    }

    /** The routing table of this snapshot. */
    public RoutingTable table() {
        return table;
    }

    /** The configuration this engine was built from. */
    public GraylaneConfig config() {
        return config;
    }
}
