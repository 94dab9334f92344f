package io.graylane.gateway.middleware;

import io.graylane.config.ConfigLoader;
import io.graylane.config.Format;
import io.graylane.core.GraylaneException;
import io.graylane.core.chain.Chain;
import io.graylane.core.chain.Response;
import io.graylane.core.config.GraylaneConfig;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every built-in type refuses a bad config when the chain is built, naming the config path. */
class MiddlewareConfigErrorsTest {

    private static Chain build(String entry) {
        String yaml = """
                lanes: {stable: {}}
                coloring: {defaultLane: stable}
                chain: [%s]
                """.formatted(entry);
        GraylaneConfig config = new ConfigLoader(Map.<String, String>of()::get).parse(yaml, Format.YAML, "t.yaml");
        return Chain.build(config.chain(), new BuiltinMiddleware().registry(),
                exchange -> CompletableFuture.completedFuture(Response.of(200)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            recover takes no keys              | {id: e, type: recover, config: {x: 1}}                                   | chain[id=e].config.x: unknown key (expected one of: no keys)
            timeout needs a duration           | {id: e, type: timeout}                                                   | chain[id=e].config.duration: missing (expected: a duration such as 250ms, 5s or 1m30s)
            timeout of zero                    | {id: e, type: timeout, config: {duration: 0s}}                           | chain[id=e].config.duration: "0s" (expected: > 0)
            timeout that is no duration        | {id: e, type: timeout, config: {duration: soon}}                         | chain[id=e].config.duration: "soon" (expected: a duration such as 250ms, 5s or 1m30s)
            timeout for an empty route name    | {id: e, type: timeout, config: {duration: 1s, routes: ['']}}             | chain[id=e].config.routes[0]: "" (expected: a route name)
            timeout with a misspelt key        | {id: e, type: timeout, config: {duration: 1s, rotues: [a]}}              | chain[id=e].config.rotues: unknown key (expected one of: duration, routes)
            header value with CR LF            | {id: e, type: header, config: {request: {set: {X-A: "a\\r\\nX-Injected: 1"}}}} | `chain[id=e].config.request.set.X-A: "a\\r\\nX-Injected: 1" (expected: a value without CR, LF or other control characters)`
            header name that is no token       | {id: e, type: header, config: {response: {add: {"X A": b}}}}             | chain[id=e].config.response.add.X A: "X A" (expected: a header name (an HTTP token))
            header the gateway manages         | {id: e, type: header, config: {response: {remove: [Content-Length]}}}    | chain[id=e].config.response.remove[0]: "Content-Length" (expected: a header the gateway does not manage (framing and hop-by-hop headers are set by the gateway))
            header with an unknown edit        | {id: e, type: header, config: {response: {delete: [X-A]}}}               | chain[id=e].config.response.delete: unknown key (expected one of: add, remove, set)
            header side that is no map         | {id: e, type: header, config: {request: [X-A]}}                          | chain[id=e].config.request: a list (expected: a map with set, add and remove)
            header value that is no string     | {id: e, type: header, config: {request: {set: {X-A: 2}}}}                | `chain[id=e].config.request.set.X-A: 2 (expected: a string (quote numbers: "2"))`
            rate-limit needs a rate            | {id: e, type: rate-limit}                                                | chain[id=e].config.rate: missing (expected: a non-empty string)
            rate-limit with no rate            | {id: e, type: rate-limit, config: {rate: fast}}                          | chain[id=e].config.rate: "fast" (expected: a rate above 0 such as 100/s, 600/m or 1000/h)
            rate-limit of zero                 | {id: e, type: rate-limit, config: {rate: 0/s}}                           | chain[id=e].config.rate: "0/s" (expected: a rate above 0 such as 100/s, 600/m or 1000/h)
            rate-limit with a negative burst   | {id: e, type: rate-limit, config: {rate: 10/s, burst: -1}}               | chain[id=e].config.burst: -1 (expected: > 0)
            rate-limit by an unknown key       | {id: e, type: rate-limit, config: {rate: 10/s, key: 'cookie:x'}}         | chain[id=e].config.key: "cookie:x" (expected: client-ip, global or header:<name>)
            rate-limit by a bad header         | {id: e, type: rate-limit, config: {rate: 10/s, key: 'header:'}}          | chain[id=e].config.key: "" (expected: a header name (an HTTP token))
            rate-limit with a misspelt key     | {id: e, type: rate-limit, config: {rate: 10/s, limit: 5}}                | chain[id=e].config.limit: unknown key (expected one of: burst, key, maxKeys, rate)
            rate-limit keeping no keys         | {id: e, type: rate-limit, config: {rate: 10/s, maxKeys: 0}}              | chain[id=e].config.maxKeys: 0 (expected: 1..10000000)
            breaker failure rate of 0          | {id: e, type: circuit-breaker, config: {failureRate: 0}}                 | chain[id=e].config.failureRate: 0 (expected: > 0 and <= 100)
            breaker failure rate over 100      | {id: e, type: circuit-breaker, config: {failureRate: 150}}               | chain[id=e].config.failureRate: 150 (expected: > 0 and <= 100)
            breaker slow call rate of a word   | {id: e, type: circuit-breaker, config: {slowCallRate: half}}             | chain[id=e].config.slowCallRate: "half" (expected: a number)
            breaker with an unknown window     | {id: e, type: circuit-breaker, config: {windowType: sliding}}            | chain[id=e].config.windowType: "sliding" (expected: count (the last window calls) or time (the last window seconds))
            breaker opening for no time        | {id: e, type: circuit-breaker, config: {openDuration: 0ms}}              | chain[id=e].config.openDuration: "0ms" (expected: > 0)
            breaker needing no calls           | {id: e, type: circuit-breaker, config: {minimumCalls: 0}}                | chain[id=e].config.minimumCalls: 0 (expected: 1..100000)
            breaker with a misspelt key        | {id: e, type: circuit-breaker, config: {failureRatio: 50}}               | chain[id=e].config.failureRatio: unknown key (expected one of: failureRate, halfOpenCalls, maxInstances, minimumCalls, openDuration, slowCallDuration, slowCallRate, window, windowType)
            retry of no attempts               | {id: e, type: retry, config: {attempts: 0}}                              | chain[id=e].config.attempts: 0 (expected: 1..10)
            retry on a 404                     | {id: e, type: retry, config: {retryOn: [404]}}                           | chain[id=e].config.retryOn[0]: 404 (expected: connect-error or a status 500..599)
            retry on an unknown failure        | {id: e, type: retry, config: {retryOn: [connect-error, timeout]}}        | chain[id=e].config.retryOn[1]: "timeout" (expected: connect-error or a status 500..599)
            retry on nothing                   | {id: e, type: retry, config: {retryOn: []}}                              | chain[id=e].config.retryOn: a list (expected: a non-empty list of connect-error and statuses 500..599)
            retry budget over 100 %            | {id: e, type: retry, config: {budgetPercent: 120}}                       | chain[id=e].config.budgetPercent: 120 (expected: 0..100)
            access-log takes no keys           | {id: e, type: access-log, config: {format: json}}                        | chain[id=e].config.format: unknown key (expected one of: no keys)
            debug-header with a bad name       | {id: e, type: debug-header, config: {name: X Debug}}                     | chain[id=e].config.name: "X Debug" (expected: a header name (an HTTP token))
            """)
    void badConfigIsRefusedWithItsPath(String situation, String entry, String message) {
        assertThatThrownBy(() -> build(entry)).isInstanceOf(GraylaneException.class).hasMessage(message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            recover                 | {id: e, type: recover}
            timeout for two routes  | {id: e, type: timeout, config: {duration: 1m30s, routes: [web, api]}}
            header on both sides    | {id: e, type: header, config: {request: {set: {X-A: a}, add: {X-B: b}, remove: [X-C]}, response: {set: {X-D: d}}}}
            rate-limit per header   | {id: e, type: rate-limit, config: {rate: 2.5/s, burst: 5, key: 'header:X-Api-Key', maxKeys: 1000}}
            rate-limit global       | {id: e, type: rate-limit, config: {rate: 6000/m, key: global}}
            circuit-breaker         | {id: e, type: circuit-breaker, config: {failureRate: 25.5, slowCallRate: 80, slowCallDuration: 2s, minimumCalls: 10, window: 30, windowType: time, openDuration: 10s, halfOpenCalls: 3}}
            retry                   | {id: e, type: retry, config: {attempts: 3, retryOn: [connect-error, 502, '504'], budgetPercent: 10, budgetWindow: 30s, budgetMinRetries: 0}}
            access-log              | {id: e, type: access-log}
            debug-header            | {id: e, type: debug-header, config: {name: X-Why}}
            """)
    void goodConfigBuilds(String situation, String entry) {
        assertThatCode(() -> build(entry).close()).doesNotThrowAnyException();
    }
}
