package io.graylane.consul;

import io.graylane.consul.internal.Call;
import io.graylane.consul.internal.ConsulJson;
import io.graylane.consul.internal.GoDuration;
import io.graylane.consul.internal.Transport;
import io.graylane.consul.internal.UrlEncoding;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A thin client for the parts of Consul's HTTP API Graylane uses: service health, the catalog, KV
 * (with check-and-set and transactions) and agent registration with TTL checks. Built on
 * {@code java.net.http.HttpClient}; no other HTTP library.
 *
 * <p>Every read returns its decoded body with a {@link QueryMeta} from the {@code X-Consul-*}
 * headers, synchronously or as a {@link CompletableFuture}. A blocking read (index &gt; 0) gets a
 * read time-out of {@code wait × 17/16} plus the configured request time-out, so Consul's jitter never
 * times it out. Every non-2xx answer is a {@link ConsulException} naming the endpoint and carrying
 * Consul's message, with two exceptions that are answers: a KV key that does not exist (404, read as
 * "absent" with the index to block on until it appears) and a rolled-back transaction (409). The
 * namespace ({@code ns}) is sent only when one is configured. Thread-safe.
 */
public final class ConsulClient {

    private final ConsulClientConfig config;
    private final Transport transport;

    private ConsulClient(ConsulClientConfig config) {
        this.config = config;
        this.transport = new Transport(config);
    }

    /** A client for {@code config}. */
    public static ConsulClient create(ConsulClientConfig config) {
        return new ConsulClient(Objects.requireNonNull(config, "config"));
    }

    /** A client configured from {@code CONSUL_HTTP_ADDR} and {@code CONSUL_HTTP_TOKEN} (or the defaults). */
    public static ConsulClient create() {
        return create(ConsulClientConfig.fromEnvironment());
    }

    /** The configuration this client was built with. */
    public ConsulClientConfig config() {
        return config;
    }

    // ---------------------------------------------------------------- health and catalog

    /** {@code GET /v1/health/service/:service}: the service's instances with their checks. */
    public ConsulResponse<List<ServiceEntry>> healthService(HealthQuery query, QueryOptions options) {
        return transport.send(healthCall(query, options), (s, body) -> ConsulJson.serviceEntries(body));
    }

    /** Asynchronous {@link #healthService}. */
    public CompletableFuture<ConsulResponse<List<ServiceEntry>>> healthServiceAsync(HealthQuery query,
                                                                                    QueryOptions options) {
        return transport.sendAsync(healthCall(query, options), (s, body) -> ConsulJson.serviceEntries(body));
    }

    /** {@code GET /v1/catalog/services}: every service name with the union of its tags. */
    public ConsulResponse<Map<String, List<String>>> catalogServices(QueryOptions options) {
        return transport.send(read("/v1/catalog/services", options).build(),
                (s, body) -> ConsulJson.catalogServices(body));
    }

    /** Asynchronous {@link #catalogServices}. */
    public CompletableFuture<ConsulResponse<Map<String, List<String>>>> catalogServicesAsync(QueryOptions options) {
        return transport.sendAsync(read("/v1/catalog/services", options).build(),
                (s, body) -> ConsulJson.catalogServices(body));
    }

    // ---------------------------------------------------------------- KV reads

    /**
     * {@code GET /v1/kv/:key}. A missing key is {@link Optional#empty()} with the index to block on, so a
     * watch waits for the key to appear instead of polling.
     */
    public ConsulResponse<Optional<KvEntry>> kvGet(String key, QueryOptions options) {
        return transport.send(kvGetCall(key, options), ConsulClient::firstEntry);
    }

    /** Asynchronous {@link #kvGet}. */
    public CompletableFuture<ConsulResponse<Optional<KvEntry>>> kvGetAsync(String key, QueryOptions options) {
        return transport.sendAsync(kvGetCall(key, options), ConsulClient::firstEntry);
    }

    /** {@code GET /v1/kv/:prefix?recurse}: every entry under {@code prefix}; none is an empty list. */
    public ConsulResponse<List<KvEntry>> kvList(String prefix, QueryOptions options) {
        return transport.send(kvListCall(prefix, options), (s, body) -> s == 404 ? List.of() : ConsulJson.kvEntries(body));
    }

    /** Asynchronous {@link #kvList}. */
    public CompletableFuture<ConsulResponse<List<KvEntry>>> kvListAsync(String prefix, QueryOptions options) {
        return transport.sendAsync(kvListCall(prefix, options),
                (s, body) -> s == 404 ? List.of() : ConsulJson.kvEntries(body));
    }

    /**
     * {@code GET /v1/kv/:prefix?keys[&separator=]}: the keys under {@code prefix}, folded at
     * {@code separator} when it is not empty.
     */
    public ConsulResponse<List<String>> kvKeys(String prefix, String separator, QueryOptions options) {
        return transport.send(kvKeysCall(prefix, separator, options),
                (s, body) -> s == 404 ? List.of() : ConsulJson.strings(body));
    }

    /** Asynchronous {@link #kvKeys}. */
    public CompletableFuture<ConsulResponse<List<String>>> kvKeysAsync(String prefix, String separator,
                                                                      QueryOptions options) {
        return transport.sendAsync(kvKeysCall(prefix, separator, options),
                (s, body) -> s == 404 ? List.of() : ConsulJson.strings(body));
    }

    // ---------------------------------------------------------------- KV writes

    /** {@code PUT /v1/kv/:key}: writes {@code value}; false when a check-and-set did not match. */
    public boolean kvPut(String key, byte[] value, PutOptions options) {
        Objects.requireNonNull(value, "value");
        Call.Builder call = write("PUT", kvPath(key, false))
                .body(value);
        if (options.hasCas()) {
            call.param("cas", Long.toString(options.cas()));
        }
        if (options.flags() != 0) {
            call.param("flags", Long.toUnsignedString(options.flags()));
        }
        return transport.send(call.build(), (s, body) -> body != null && body.asBoolean()).value();
    }

    /** Writes {@code value} as UTF-8, unconditionally. */
    public boolean kvPut(String key, String value) {
        return kvPut(key, value.getBytes(StandardCharsets.UTF_8), PutOptions.NONE);
    }

    /**
     * {@code DELETE /v1/kv/:key[?recurse][&cas=]}; {@code cas} -1 for none. False when a check-and-set
     * did not match.
     */
    public boolean kvDelete(String key, boolean recurse, long cas) {
        Call.Builder call = write("DELETE", kvPath(key, recurse));
        if (recurse) {
            call.flag("recurse");
        }
        if (cas >= 0) {
            call.param("cas", Long.toString(cas));
        }
        return transport.send(call.build(), (s, body) -> body != null && body.asBoolean()).value();
    }

    /**
     * {@code PUT /v1/txn}: applies up to 128 KV operations atomically. A rollback (409) is a
     * {@link TxnResult} with {@code applied == false} and the reasons, not an exception.
     */
    public TxnResult txn(List<TxnOp> ops) {
        if (ops.isEmpty() || ops.size() > 128) {
            throw new IllegalArgumentException("ops: " + ops.size() + " operations (expected: 1..128)");
        }
        Call call = write("PUT", "/v1/txn").body(ConsulJson.txnBody(ops))
                .special(Call.Special.CONFLICT_IS_ANSWER).build();
        return transport.send(call, (s, body) -> ConsulJson.txnResult(body, s != 409)).value();
    }

    // ---------------------------------------------------------------- agent

    /** {@code PUT /v1/agent/service/register} on the agent this client talks to. */
    public void agentRegister(ServiceRegistration registration) {
        Call call = agent("/v1/agent/service/register").body(ConsulJson.registrationBody(registration)).build();
        transport.send(call, (s, body) -> Boolean.TRUE);
    }

    /** {@code PUT /v1/agent/service/deregister/:id}; an unknown id is a 404 {@link ConsulException}. */
    public void agentDeregister(String serviceId) {
        requireNonEmpty("serviceId", serviceId);
        transport.send(agent("/v1/agent/service/deregister/" + UrlEncoding.segment(serviceId)).build(),
                (s, body) -> Boolean.TRUE);
    }

    /** {@code PUT /v1/agent/check/pass/:checkId}: marks a TTL check passing and restarts its clock. */
    public void checkPass(String checkId, String note) {
        updateTtl("pass", checkId, note);
    }

    /** {@code PUT /v1/agent/check/warn/:checkId}: marks a TTL check warning and restarts its clock. */
    public void checkWarn(String checkId, String note) {
        updateTtl("warn", checkId, note);
    }

    /** {@code PUT /v1/agent/check/fail/:checkId}: marks a TTL check critical and restarts its clock. */
    public void checkFail(String checkId, String note) {
        updateTtl("fail", checkId, note);
    }

    // ---------------------------------------------------------------- plumbing

    private void updateTtl(String verb, String checkId, String note) {
        requireNonEmpty("checkId", checkId);
        Call.Builder call = agent("/v1/agent/check/" + verb + "/" + UrlEncoding.segment(checkId));
        call.paramIfPresent("note", note);
        transport.send(call.build(), (s, body) -> Boolean.TRUE);
    }

    private Call healthCall(HealthQuery query, QueryOptions options) {
        Call.Builder call = read("/v1/health/service/" + UrlEncoding.segment(query.service()), options);
        if (query.passing()) {
            call.flag("passing");
        }
        for (String tag : query.tags()) {
            call.param("tag", tag);
        }
        call.paramIfPresent("filter", query.filter());
        return call.build();
    }

    private Call kvGetCall(String key, QueryOptions options) {
        requireNonEmpty("key", key);
        return read(kvPath(key, false), options).special(Call.Special.NOT_FOUND_IS_ABSENT).build();
    }

    private Call kvListCall(String prefix, QueryOptions options) {
        return read(kvPath(prefix, true), options).flag("recurse").special(Call.Special.NOT_FOUND_IS_ABSENT).build();
    }

    private Call kvKeysCall(String prefix, String separator, QueryOptions options) {
        Call.Builder call = read(kvPath(prefix, true), options).flag("keys");
        call.paramIfPresent("separator", separator);
        return call.special(Call.Special.NOT_FOUND_IS_ABSENT).build();
    }

    /** A read with dc, ns, consistency and blocking parameters, and a time-out that outlasts the wait. */
    private Call.Builder read(String path, QueryOptions options) {
        Call.Builder call = Call.builder("GET", path);
        call.paramIfPresent("dc", options.datacenter().isEmpty() ? config.datacenter() : options.datacenter());
        call.paramIfPresent("ns", options.namespace().isEmpty() ? config.namespace() : options.namespace());
        if (options.stale()) {
            call.flag("stale");
        }
        if (options.index() > 0) {
            Duration wait = options.waitTime() != null ? options.waitTime() : config.defaultWait();
            call.param("index", Long.toString(options.index()));
            call.param("wait", GoDuration.format(wait));
            call.timeout(config.blockingTimeout(wait));
        }
        return call;
    }

    private Call.Builder write(String method, String path) {
        Call.Builder call = Call.builder(method, path);
        call.paramIfPresent("dc", config.datacenter());
        call.paramIfPresent("ns", config.namespace());
        return call;
    }

    /** Agent endpoints are local to the agent: no {@code dc}, but {@code ns} for Enterprise. */
    private Call.Builder agent(String path) {
        Call.Builder call = Call.builder("PUT", path);
        call.paramIfPresent("ns", config.namespace());
        return call;
    }

    private static String kvPath(String key, boolean prefixAllowed) {
        Objects.requireNonNull(key, "key");
        if (key.startsWith("/")) {
            throw new IllegalArgumentException("key: \"" + key + "\" (expected: no leading '/')");
        }
        if (key.isEmpty() && !prefixAllowed) {
            throw new IllegalArgumentException("key: \"\" (expected: a key)");
        }
        return "/v1/kv/" + UrlEncoding.key(key);
    }

    private static Optional<KvEntry> firstEntry(int status, com.fasterxml.jackson.databind.JsonNode body) {
        if (status == 404) {
            return Optional.empty();
        }
        List<KvEntry> entries = ConsulJson.kvEntries(body);
        return entries.isEmpty() ? Optional.empty() : Optional.of(entries.get(0));
    }

    private static void requireNonEmpty(String name, String value) {
        Objects.requireNonNull(value, name);
        if (value.isEmpty()) {
            throw new IllegalArgumentException(name + ": \"\" (expected: non-empty)");
        }
    }
}
