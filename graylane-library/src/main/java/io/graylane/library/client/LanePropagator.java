package io.graylane.library.client;

import io.graylane.core.config.Propagation;
import io.graylane.core.trust.Baggage;
import io.graylane.library.context.LaneContext;
import io.graylane.library.context.LaneState;
import io.graylane.library.discovery.InstanceChooser;
import io.graylane.library.discovery.LaneRoutingException;
import io.graylane.library.engine.LaneEngineSource;

import java.net.URI;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Works out how an outbound request carries the current lane, for any HTTP client: the lane header
 * (named by the configuration's {@code propagation.laneHeader}) and the W3C {@code baggage} member
 * ({@code propagation.baggageKey}) are set to the lane's carried value (a signed lane is forwarded as it
 * arrived), and — with an {@link InstanceChooser} — a logical service's host is replaced by an instance
 * chosen for the lane.
 *
 * <p>Rules: a lane header the caller set on the request is kept, and its lane is the one used to choose
 * the instance; the baggage member is set once (an existing member of that key is replaced, other
 * members are kept, and with no baggage on the request the incoming request's vetted baggage is the
 * base, so its members travel on). With no lane bound and none on the request nothing is added, and
 * instances are chosen for the default lane. Immutable and thread-safe.
 */
public final class LanePropagator {

    private final Supplier<Propagation> propagation;
    private final InstanceChooser chooser;

    private LanePropagator(Supplier<Propagation> propagation, InstanceChooser chooser) {
        this.propagation = propagation;
        this.chooser = chooser;
    }

    /**
     * Propagation as {@code engines}' current configuration says (followed on reload), and instance
     * choice for its logical services.
     */
    public static LanePropagator of(LaneEngineSource engines) {
        Objects.requireNonNull(engines, "engines");
        return new LanePropagator(() -> engines.config().propagation(), InstanceChooser.of(engines));
    }

    /** Propagation with fixed settings and no instance choice (host names are never rewritten). */
    public static LanePropagator of(Propagation propagation) {
        Objects.requireNonNull(propagation, "propagation");
        return new LanePropagator(() -> propagation, null);
    }

    /** This propagator choosing instances with {@code chooser} ({@code null}: never rewrite hosts). */
    public LanePropagator withChooser(InstanceChooser chooser) {
        return new LanePropagator(propagation, chooser);
    }

    /** The chooser, or {@code null} when hosts are never rewritten. */
    public InstanceChooser chooser() {
        return chooser;
    }

    /** The propagation settings in force now. */
    public Propagation propagation() {
        return propagation.get();
    }

    /**
     * How a request to {@code uri} whose current headers {@code header} returns (first value, or
     * {@code null}) must be sent in the current lane.
     *
     * @throws LaneRoutingException when {@code uri} names a logical service the lane cannot be served by
     */
    public OutboundCall prepare(URI uri, Function<String, String> header) throws LaneRoutingException {
        Objects.requireNonNull(uri, "uri");
        return prepare(uri, header, true);
    }

    /**
     * Whether a request to {@code host} may be sent elsewhere (its host is a logical service of the
     * chooser); when not, {@link #prepareHeaders} tells all there is to change, with no URI needed.
     */
    public boolean mayRewrite(String host) {
        return chooser != null && chooser.isLogicalService(host);
    }

    /**
     * {@link #prepare} for a request whose host is not rewritten ({@link #mayRewrite} said no): the
     * headers to set only, so a client need not build a {@link URI}. The returned call's
     * {@code uri} is {@code null}.
     */
    public OutboundCall prepareHeaders(Function<String, String> header) {
        try {
            return prepare(null, header, false);
        } catch (LaneRoutingException e) {
            throw new IllegalStateException("no instance is chosen without a URI", e); // cannot happen
        }
    }

    private OutboundCall prepare(URI uri, Function<String, String> header, boolean resolve) throws LaneRoutingException {
        Objects.requireNonNull(header, "header");
        Propagation p = propagation.get();
        LaneState state = LaneContext.currentOrNull();
        String existing = header.apply(p.laneHeader());
        String laneValue = null;
        String carried;
        String lane;
        if (existing != null && !existing.isEmpty()) {
            carried = existing;
            int semicolon = existing.indexOf(';');
            lane = semicolon < 0 ? existing : existing.substring(0, semicolon);
        } else if (state != null) {
            carried = state.carriedValue();
            lane = state.lane();
            laneValue = carried;
        } else {
            carried = null;
            lane = null;
        }
        String baggage = null;
        if (carried != null && p.baggage()) {
            String base = header.apply(Baggage.HEADER);
            if (base == null && state != null) {
                base = state.baggage();
            }
            baggage = Baggage.withMember(base, p.baggageKey(), carried);
        }
        URI target = chooser == null || !resolve ? uri : chooser.resolve(uri, lane);
        return new OutboundCall(target, p.laneHeader(), laneValue, baggage);
    }
}
