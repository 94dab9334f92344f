package io.graylane.core.chain;

import io.graylane.core.rule.RequestView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExchangeTest {

    @Test
    void headersCompareNamesIgnoringCaseAndKeepValuesInOrder() {
        Headers headers = Headers.of("Accept", "text/html", "X-Tag", "a", "x-tag", "b");

        assertThat(headers.get("x-TAG")).isEqualTo("a");
        assertThat(headers.getAll("X-Tag")).containsExactly("a", "b");
        assertThat(headers.contains("accept")).isTrue();
        assertThat(headers.names()).containsExactly("Accept", "X-Tag");
        assertThat(headers.getAll("missing")).isEmpty();
    }

    @Test
    void setReplacesEveryValueAndRemoveDropsThemAll() {
        Headers headers = Headers.of("X-Tag", "a", "Other", "o", "x-tag", "b");

        headers.set("X-TAG", "c");
        assertThat(headers.getAll("x-tag")).containsExactly("c");

        assertThat(headers.remove("x-tag")).isTrue();
        assertThat(headers.remove("x-tag")).isFalse();
        List<String> seen = new ArrayList<>();
        headers.forEach((name, value) -> seen.add(name + ": " + value));
        assertThat(seen).containsExactly("Other: o");
    }

    @ParameterizedTest(name = "value {0}")
    @CsvSource(delimiter = '|', value = {"'canary\r\nX-Admin: yes' | 0xd | 6", "'a\nb' | 0xa | 1", "'del\u007fete' | 0x7f | 3"})
    void headerValuesWithControlCharactersAreRejected(String value, String hex, int index) {
        assertThatThrownBy(() -> Headers.create().set("X-Graylane-Lane", value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("header X-Graylane-Lane: control character " + hex + " at index " + index
                        + " (expected: no CR, LF or other control characters)");
    }

    @Test
    void aNulCharacterInAHeaderValueIsRejected() {
        assertThatThrownBy(() -> Headers.create().add("X-Lane", "nu\0l"))
                .hasMessageStartingWith("header X-Lane: control character 0x0 at index 2");
    }

    @Test
    void headerNamesMustBeTokens() {
        assertThatThrownBy(() -> Headers.create().add("X Lane", "v"))
                .hasMessage("header name: \"X Lane\" (expected: an HTTP token)");
        assertThatThrownBy(() -> Headers.of("only-a-name"))
                .hasMessage("namesAndValues: 1 strings (expected: name, value pairs)");
    }

    @Test
    void aSimpleExchangeIsARequestViewForColoringRules() throws Exception {
        SimpleExchange exchange = SimpleExchange.builder()
                .method("post").uri("/orders/42?user=alice%20b&flag&empty=&user=bob")
                .header("X-User-Group", "beta").cookie("uid", "42").cookie("theme", "\"dark\"")
                .clientAddress("2001:db8::7").lane("canary")
                .build();
        RequestView view = exchange;

        assertThat(view.method()).isEqualTo("POST");
        assertThat(view.path()).isEqualTo("/orders/42");
        assertThat(exchange.queryString()).isEqualTo("user=alice%20b&flag&empty=&user=bob");
        assertThat(view.query("user")).isEqualTo("alice b");
        assertThat(view.query("flag")).isEmpty();
        assertThat(view.query("nope")).isNull();
        assertThat(view.header("x-user-group")).isEqualTo("beta");
        assertThat(view.cookie("uid")).isEqualTo("42");
        assertThat(view.cookie("theme")).isEqualTo("dark");
        assertThat(view.cookie("missing")).isNull();
        assertThat(view.clientAddress()).isEqualTo(InetAddress.getByName("2001:db8::7"));
        assertThat(exchange.clientAddressBytes()).hasSize(16);
        assertThat(exchange.lane()).isEqualTo("canary");
    }

    @Test
    void aMalformedQueryEscapeHidesOnlyThatParameter() {
        SimpleExchange exchange = SimpleExchange.builder().uri("/?bad=%zz&good=1").build();

        assertThat(exchange.query("bad")).isNull();
        assertThat(exchange.query("good")).isEqualTo("1");
    }

    @Test
    void theBuilderChecksItsArguments() {
        assertThatThrownBy(() -> SimpleExchange.builder().clientAddress("example.com"))
                .hasMessage("clientAddress: example.com (expected: an IPv4 or IPv6 address)");
        assertThatThrownBy(() -> SimpleExchange.builder().path("orders"))
                .hasMessage("path: \"orders\" (expected: a path starting with /)");
    }

    @Test
    void attributesAreTypedAndKeyedByIdentity() {
        AttributeKey<Integer> retries = AttributeKey.of("retries", Integer.class);
        AttributeKey<Integer> lookalike = AttributeKey.of("retries", Integer.class);
        SimpleExchange exchange = SimpleExchange.builder().build();

        exchange.setAttr(retries, 2);

        assertThat(exchange.attr(retries)).isEqualTo(2);
        assertThat(exchange.attr(lookalike)).isNull();
        exchange.setAttr(retries, null);
        assertThat(exchange.attributes().contains(retries)).isFalse();
    }

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void aValueOfTheWrongTypeCannotBeStoredEvenThroughRawTypes() {
        AttributeKey raw = AttributeKey.of("retries", Integer.class);

        assertThatThrownBy(() -> new Attributes().set(raw, "two")).isInstanceOf(ClassCastException.class);
        assertThatThrownBy(() -> AttributeKey.of("n", int.class))
                .hasMessage("type: int (expected: a reference type such as Integer)");
    }

    @Test
    void attributesGrowAndShrink() {
        Attributes attributes = new Attributes();
        List<AttributeKey<String>> keys = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            AttributeKey<String> key = AttributeKey.of("k" + i, String.class);
            keys.add(key);
            attributes.set(key, "v" + i);
        }
        assertThat(attributes.remove(keys.get(3))).isEqualTo("v3");

        assertThat(attributes.size()).isEqualTo(19);
        assertThat(attributes.get(keys.get(19))).isEqualTo("v19");
        assertThat(attributes.get(keys.get(3))).isNull();
    }

    @Test
    void attributesBehaveAsAnIdentityMapThroughAnyMixOfSetsAndRemoves() {
        // The first attribute is kept apart from the array of the others; removing it moves another
        // into its place. A map checks every step of a long random mix of sets, replacements,
        // removals (first, middle, last, absent) and null-valued sets.
        List<AttributeKey<Integer>> keys = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            keys.add(AttributeKey.of("k" + (i % 4), Integer.class)); // lookalike names, distinct keys
        }
        Attributes attributes = new Attributes();
        Map<AttributeKey<Integer>, Integer> model = new IdentityHashMap<>();
        Random random = new Random(20261127L);
        for (int step = 0; step < 20_000; step++) {
            AttributeKey<Integer> key = keys.get(random.nextInt(keys.size()));
            int op = random.nextInt(10);
            if (op < 5) {
                assertThat(attributes.set(key, step)).isEqualTo(model.put(key, step));
            } else if (op < 8) {
                assertThat(attributes.remove(key)).isEqualTo(model.remove(key));
            } else {
                assertThat(attributes.set(key, null)).isEqualTo(model.remove(key));
            }
            assertThat(attributes.size()).isEqualTo(model.size());
            for (AttributeKey<Integer> k : keys) {
                assertThat(attributes.get(k)).isEqualTo(model.get(k));
                assertThat(attributes.contains(k)).isEqualTo(model.containsKey(k));
            }
        }
        AttributeKey<Integer> none = null;
        assertThat(attributes.get(none)).isNull();
        assertThat(attributes.remove(none)).isNull();
        assertThat(attributes.contains(none)).isFalse();
    }

    @Test
    void attributesListThemselvesByName() {
        Attributes attributes = new Attributes();
        assertThat(attributes).hasToString("Attributes{}");
        AttributeKey<String> lane = AttributeKey.of("lane", String.class);
        AttributeKey<Integer> tries = AttributeKey.of("tries", Integer.class);
        attributes.set(lane, "canary");
        assertThat(attributes).hasToString("Attributes{lane=canary}");
        attributes.set(tries, 2);
        assertThat(attributes).hasToString("Attributes{lane=canary, tries=2}");
        attributes.remove(lane);
        assertThat(attributes).hasToString("Attributes{tries=2}");
    }

    @Test
    void aTextResponseCarriesItsBodyAndContentType() {
        Response response = Response.of(503, "no healthy canary");

        assertThat(response.status()).isEqualTo(503);
        assertThat(response.headers().get("content-type")).isEqualTo("text/plain; charset=utf-8");
        assertThat(StandardCharsets.UTF_8.decode(response.body().orElseThrow()).toString()).isEqualTo("no healthy canary");
        assertThat(response.isStreaming()).isFalse();
    }

    @Test
    void aStreamingResponseHasNoBodyOfItsOwn() {
        Response response = Response.streaming(200, Headers.of("Content-Type", "application/json"));

        assertThat(response.body()).isEmpty();
        assertThat(response.isStreaming()).isTrue();
        assertThatThrownBy(() -> Response.of(42)).hasMessage("status: 42 (expected: 100..599)");
    }
}
