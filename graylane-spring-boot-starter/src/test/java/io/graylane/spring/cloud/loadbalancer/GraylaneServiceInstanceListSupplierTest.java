package io.graylane.spring.cloud.loadbalancer;

import io.graylane.config.ConfigLoader;
import io.graylane.config.Format;
import io.graylane.core.config.GraylaneConfig;
import io.graylane.library.context.LaneContext;
import io.graylane.library.context.LaneScope;
import io.graylane.library.engine.LaneEngineSource;
import io.graylane.spring.web.reactive.GraylaneReactor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.DefaultRequest;
import org.springframework.cloud.client.loadbalancer.RequestData;
import org.springframework.cloud.client.loadbalancer.RequestDataContext;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.util.LinkedMultiValueMap;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@SuppressWarnings("try") // a lane scope is opened for its effect on the thread, not read
class GraylaneServiceInstanceListSupplierTest {

    static final String LANES = """
            lanes:
              stable: {selector: {version: v1}}
              canary: {selector: {version: v2}, fallback: stable}
              beta: {selector: {version: v3}, fallback: canary}
              feature-x: {selector: {feature: x}, strict: true}
            coloring: {defaultLane: stable}
            """;

    static GraylaneConfig yaml(String text) {
        return new ConfigLoader(Map.<String, String>of()::get).parse(text, Format.YAML, "test.yaml");
    }

    /** An instance whose tags come from {@code getTags()}, as Spring Cloud Consul's instances have. */
    public static final class TaggedInstance extends DefaultServiceInstance {
        private final List<String> tags;

        TaggedInstance(String id, int port, List<String> tags, Map<String, String> metadata) {
            super(id, "orders", "127.0.0.1", port, false, metadata);
            this.tags = List.copyOf(tags);
        }

        public List<String> getTags() {
            return tags;
        }
    }

    /** A fixed list of instances, delivered on another thread (as discovery-backed suppliers do). */
    record FixedList(List<ServiceInstance> instances) implements ServiceInstanceListSupplier {
        @Override
        public String getServiceId() {
            return "orders";
        }

        @Override
        public Flux<List<ServiceInstance>> get() {
            return Flux.just(instances).publishOn(Schedulers.boundedElastic());
        }
    }

    static ServiceInstance meta(String id, int port, String version) {
        return new DefaultServiceInstance(id, "orders", "127.0.0.1", port, false, Map.of("version", version));
    }

    private final List<ServiceInstance> instances = List.of(
            meta("o-1", 8001, "v1"), meta("o-2", 8002, "v1"), meta("o-3", 8003, "v2"));
    private final LaneEngineSource engines = LaneEngineSource.of(yaml(LANES));
    private final GraylaneServiceInstanceListSupplier supplier =
            new GraylaneServiceInstanceListSupplier(new FixedList(instances), engines, ServiceInstanceLabels.defaults());

    private static List<String> ids(List<ServiceInstance> list) {
        List<String> out = new ArrayList<>();
        list.forEach(i -> out.add(i.getInstanceId()));
        return out;
    }

    private List<String> inLane(String lane) {
        if (lane == null) {
            return ids(supplier.get().blockFirst(Duration.ofSeconds(10)));
        }
        try (LaneScope ignored = LaneContext.attach(lane)) {
            return ids(supplier.get().blockFirst(Duration.ofSeconds(10)));
        }
    }

    @ParameterizedTest(name = "lane {0} gets {1}")
    @CsvSource(delimiter = '|', value = {
            "stable    | o-1,o-2",
            "canary    | o-3",
            "beta      | o-3",
            "undefined | o-1,o-2",
    })
    void eachLaneGetsItsInstancesOrItsFallbacks(String lane, String expected) {
        assertThat(inLane(lane)).containsExactly(expected.split(","));
    }

    @Test
    void noLaneMeansTheDefaultLane() {
        assertThat(inLane(null)).containsExactly("o-1", "o-2");
    }

    @Test
    void aStrictLaneWithoutInstancesGetsNone() {
        assertThat(inLane("feature-x")).isEmpty();
    }

    @Test
    void theLaneHeaderOfTheLoadBalancedRequestWins() {
        HttpHeaders headers = new HttpHeaders();
        headers.set("X-Graylane-Lane", "canary;kid=k1;exp=1;sig=abc");
        RequestData data = new RequestData(HttpMethod.GET, URI.create("http://orders/"), headers,
                new LinkedMultiValueMap<>(), Map.of());
        try (LaneScope ignored = LaneContext.attach("stable")) {
            List<ServiceInstance> list = supplier.get(new DefaultRequest<>(new RequestDataContext(data)))
                    .blockFirst(Duration.ofSeconds(10));
            assertThat(ids(list)).containsExactly("o-3");
        }
    }

    @Test
    void theLaneInTheReactorContextIsUsedWhenTheThreadHasNone() {
        List<ServiceInstance> list = supplier.get().contextWrite(GraylaneReactor.lane("canary"))
                .subscribeOn(Schedulers.boundedElastic()).blockFirst(Duration.ofSeconds(10));
        assertThat(ids(list)).containsExactly("o-3");
    }

    @Test
    void consulTagsBecomeLabelsAndTheConfigsLabelMappingApplies() {
        List<ServiceInstance> tagged = List.of(
                new TaggedInstance("t-1", 9001, List.of("version=v1"), Map.of()),
                new TaggedInstance("t-2", 9002, List.of("version:v2", "canary"), Map.of()),
                new TaggedInstance("t-3", 9003, List.of("version=v1"), Map.of("version", "v2")));
        GraylaneServiceInstanceListSupplier s = new GraylaneServiceInstanceListSupplier(new FixedList(tagged), engines,
                ServiceInstanceLabels.defaults());
        try (LaneScope ignored = LaneContext.attach("canary")) {
            assertThat(ids(s.get().blockFirst(Duration.ofSeconds(10))))
                    .as("tag version:v2, and Meta version=v2 winning over tag version=v1").containsExactly("t-2", "t-3");
        }
        engines.update(yaml(LANES + "labels: {tags: false}\n"));
        try (LaneScope ignored = LaneContext.attach("canary")) {
            assertThat(ids(s.get().blockFirst(Duration.ofSeconds(10)))).as("tags switched off").containsExactly("t-3");
        }
    }

    @Test
    void theConfigsLabelScopeHidesInstancesOutsideIt() {
        List<ServiceInstance> mixed = List.of(
                new DefaultServiceInstance("p-1", "orders", "127.0.0.1", 7001, false, Map.of("version", "v1", "env", "prod")),
                new DefaultServiceInstance("s-1", "orders", "127.0.0.1", 7002, false, Map.of("version", "v1", "env", "staging")));
        engines.update(yaml(LANES + "scope: {labels: {env: prod}}\n"));
        GraylaneServiceInstanceListSupplier s = new GraylaneServiceInstanceListSupplier(new FixedList(mixed), engines,
                ServiceInstanceLabels.defaults());
        assertThat(ids(s.get().blockFirst(Duration.ofSeconds(10)))).containsExactly("p-1");
    }

    @Test
    void aConfigurationChangeAppliesToTheNextList() {
        assertThat(inLane("canary")).containsExactly("o-3");
        engines.update(yaml(LANES.replace("canary: {selector: {version: v2}", "canary: {selector: {version: v9}")));
        assertThat(inLane("canary")).as("no v9: canary falls back to stable").containsExactly("o-1", "o-2");
    }
}
