package io.graylane.core.chain;

import io.graylane.core.GraylaneException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class MiddlewareContextTest {

    private static MiddlewareContext context(String key, Object value) {
        Map<String, Object> config = new LinkedHashMap<>();
        if (value != null) {
            config.put(key, value);
        }
        return new MiddlewareContext("rate", "rate-limit", config);
    }

    static Stream<Arguments> badValues() {
        return Stream.of(
                arguments("limit", -1, (Consumer<MiddlewareContext>) c -> c.positiveInt("limit"),
                        "chain[id=rate].config.limit: -1 (expected: > 0)"),
                arguments("limit", 0, (Consumer<MiddlewareContext>) c -> c.positiveInt("limit", 10),
                        "chain[id=rate].config.limit: 0 (expected: > 0)"),
                arguments("limit", null, (Consumer<MiddlewareContext>) c -> c.positiveInt("limit"),
                        "chain[id=rate].config.limit: missing (expected: an integer > 0)"),
                arguments("limit", "ten", (Consumer<MiddlewareContext>) c -> c.intValue("limit", 1),
                        "chain[id=rate].config.limit: \"ten\" (expected: an integer)"),
                arguments("limit", 1.5, (Consumer<MiddlewareContext>) c -> c.intValue("limit", 1),
                        "chain[id=rate].config.limit: 1.5 (expected: an integer)"),
                arguments("limit", 3_000_000_000L, (Consumer<MiddlewareContext>) c -> c.intValue("limit", 1),
                        "chain[id=rate].config.limit: 3000000000 (expected: an integer from -2147483648 to 2147483647)"),
                arguments("limit", List.of(1), (Consumer<MiddlewareContext>) c -> c.longValue("limit", 1),
                        "chain[id=rate].config.limit: a list (expected: an integer)"),
                arguments("ratio", "half", (Consumer<MiddlewareContext>) c -> c.doubleValue("ratio", 0.5),
                        "chain[id=rate].config.ratio: \"half\" (expected: a number)"),
                arguments("burst", "yes", (Consumer<MiddlewareContext>) c -> c.bool("burst", false),
                        "chain[id=rate].config.burst: \"yes\" (expected: true or false)"),
                arguments("timeout", "5 parsecs", (Consumer<MiddlewareContext>) c -> c.duration("timeout", Duration.ZERO),
                        "chain[id=rate].config.timeout: \"5 parsecs\" (expected: a duration such as 250ms, 5s or 1m30s)"),
                arguments("timeout", 5, (Consumer<MiddlewareContext>) c -> c.duration("timeout", Duration.ZERO),
                        "chain[id=rate].config.timeout: 5 (expected: a duration such as 250ms, 5s or 1m30s)"),
                arguments("timeout", "-1s", (Consumer<MiddlewareContext>) c -> c.duration("timeout", Duration.ZERO),
                        "chain[id=rate].config.timeout: \"-1s\" (expected: a duration such as 250ms, 5s or 1m30s)"),
                arguments("key", "", (Consumer<MiddlewareContext>) c -> c.string("key"),
                        "chain[id=rate].config.key: \"\" (expected: a non-empty string)"),
                arguments("key", null, (Consumer<MiddlewareContext>) c -> c.string("key"),
                        "chain[id=rate].config.key: missing (expected: a non-empty string)"),
                arguments("key", Map.of("a", 1), (Consumer<MiddlewareContext>) c -> c.string("key", "x"),
                        "chain[id=rate].config.key: a map (expected: a string)"),
                arguments("names", List.of("a", 5), (Consumer<MiddlewareContext>) c -> c.stringList("names"),
                        "chain[id=rate].config.names[1]: 5 (expected: a string)"),
                arguments("names", "a", (Consumer<MiddlewareContext>) c -> c.stringList("names"),
                        "chain[id=rate].config.names: \"a\" (expected: a list of strings)"),
                arguments("set", Map.of("X-A", 1), (Consumer<MiddlewareContext>) c -> c.stringMap("set"),
                        "chain[id=rate].config.set.X-A: 1 (expected: a string)"),
                arguments("limt", 5, (Consumer<MiddlewareContext>) c -> c.requireOnly("limit", "burst"),
                        "chain[id=rate].config.limt: unknown key (expected one of: burst, limit)"));
    }

    @ParameterizedTest(name = "{3}")
    @MethodSource("badValues")
    void aBadValueIsReportedWithItsConfigPath(String key, Object value, Consumer<MiddlewareContext> read, String message) {
        MiddlewareContext ctx = context(key, value);

        assertThatThrownBy(() -> read.accept(ctx)).isInstanceOf(GraylaneException.class).hasMessage(message);
    }

    static Stream<Arguments> durations() {
        return Stream.of(arguments("250ms", Duration.ofMillis(250)), arguments("5s", Duration.ofSeconds(5)),
                arguments("1m30s", Duration.ofSeconds(90)), arguments("1.5h", Duration.ofMinutes(90)),
                arguments("100us", Duration.ofNanos(100_000)), arguments("0", Duration.ZERO),
                arguments("PT2M", Duration.ofMinutes(2)), arguments(" 2s ", Duration.ofSeconds(2)));
    }

    @ParameterizedTest(name = "{0} is {1}")
    @MethodSource("durations")
    void durationsAreWrittenLikeGoOrIso(String text, Duration expected) {
        assertThat(context("timeout", text).duration("timeout", null)).isEqualTo(expected);
    }

    @Test
    void wholeNumbersFromAnyParserAreIntegers() {
        assertThat(context("n", 10.0).intValue("n", 0)).isEqualTo(10);
        assertThat(context("n", new BigDecimal("42")).positiveInt("n")).isEqualTo(42);
        assertThat(context("n", 7L).longValue("n", 0)).isEqualTo(7L);
        assertThat(context("n", 3).doubleValue("n", 0)).isEqualTo(3.0);
    }

    @Test
    void absentKeysGiveTheFallbackAndEmptyCollections() {
        MiddlewareContext ctx = context("unused", null);

        assertThat(ctx.intValue("limit", 5)).isEqualTo(5);
        assertThat(ctx.string("mode", "strict")).isEqualTo("strict");
        assertThat(ctx.bool("on", true)).isTrue();
        assertThat(ctx.duration("timeout", Duration.ofSeconds(1))).isEqualTo(Duration.ofSeconds(1));
        assertThat(ctx.stringList("names")).isEmpty();
        assertThat(ctx.stringMap("set")).isEmpty();
        assertThat(ctx.has("limit")).isFalse();
    }

    @Test
    void stringMapsKeepTheirDeclaredOrder() {
        Map<String, Object> set = new LinkedHashMap<>();
        set.put("X-B", "2");
        set.put("X-A", "1");

        assertThat(context("set", set).stringMap("set")).containsExactly(Map.entry("X-B", "2"), Map.entry("X-A", "1"));
    }

    @Test
    void longStringsAreShortenedInMessages() {
        String secret = "x".repeat(100);

        assertThatThrownBy(() -> context("limit", secret).intValue("limit", 1))
                .hasMessage("chain[id=rate].config.limit: \"" + "x".repeat(57) + "...\" (expected: an integer)");
    }
}
