package io.graylane.spring.web.reactive;

import io.graylane.core.trust.Baggage;
import io.graylane.library.client.LanePropagator;
import io.graylane.library.client.OutboundCall;
import io.graylane.library.context.LaneContext;
import io.graylane.library.context.LaneScope;
import io.graylane.library.context.LaneState;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;
import reactor.core.publisher.Mono;

import java.util.Objects;

/**
 * Sends every {@code WebClient} exchange in a lane: the lane header, the merged W3C {@code baggage}
 * member and — when the propagator chooses instances — a logical service's host replaced by an instance
 * chosen for the lane (see {@link LanePropagator}).
 *
 * <p>Which lane: the one in the Reactor {@code Context} under {@link GraylaneReactor#LANE_KEY}, else the
 * one bound in {@link LaneContext} on the thread that <em>subscribes</em> to the exchange. A
 * {@code .block()} in a servlet request handler subscribes on the request's thread, so it just works; a
 * reactive pipeline subscribed on another thread must carry the lane in its context, e.g.
 * {@code .contextWrite(GraylaneReactor.currentLane())} where it is assembled. Immutable and thread-safe.
 */
@SuppressWarnings("try") // a lane scope is opened for its effect on the thread, not read
public final class GraylaneExchangeFilterFunction implements ExchangeFilterFunction {

    private final LanePropagator propagator;

    /** A filter that propagates as {@code propagator} says. */
    public GraylaneExchangeFilterFunction(LanePropagator propagator) {
        this.propagator = Objects.requireNonNull(propagator, "propagator");
    }

    @Override
    public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
        return Mono.deferContextual(context -> {
            LaneState fromContext = GraylaneReactor.lane(context);
            OutboundCall call;
            try {
                call = prepare(request, fromContext);
            } catch (RuntimeException | java.io.IOException e) {
                return Mono.error(e);
            }
            if (call.laneValue() == null && call.baggage() == null && call.uri().equals(request.url())) {
                return next.exchange(request);
            }
            ClientRequest.Builder out = ClientRequest.from(request).url(call.uri());
            out.headers(h -> {
                if (call.laneValue() != null) {
                    h.set(call.laneHeader(), call.laneValue());
                }
                if (call.baggage() != null) {
                    h.set(Baggage.HEADER, call.baggage());
                }
            });
            return next.exchange(out.build());
        });
    }

    private OutboundCall prepare(ClientRequest request, LaneState fromContext) throws java.io.IOException {
        if (fromContext == null) {
            return propagator.prepare(request.url(), request.headers()::getFirst);
        }
        try (LaneScope ignored = LaneContext.attach(fromContext)) {
            return propagator.prepare(request.url(), request.headers()::getFirst);
        }
    }

    @Override
    public String toString() {
        return "GraylaneExchangeFilterFunction[" + propagator.propagation().laneHeader() + "]";
    }
}
