package io.graylane.core.rule;

import io.graylane.core.net.Cidr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.BiFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ConditionsTest {

    /** Parses {@code equals beta}, {@code prefix be}, {@code regex b.*}, {@code present}, {@code absent}, {@code in a,b}. */
    static ValueMatch match(String spec) {
        int space = spec.indexOf(' ');
        String kind = space < 0 ? spec : spec.substring(0, space);
        String arg = space < 0 ? "" : spec.substring(space + 1);
        return switch (kind) {
            case "equals" -> new ValueMatch.Equals(arg);
            case "prefix" -> new ValueMatch.Prefix(arg);
            case "regex" -> new ValueMatch.Regex(arg);
            case "present" -> new ValueMatch.Present();
            case "absent" -> new ValueMatch.Absent();
            case "in" -> ValueMatch.In.of(Arrays.asList(arg.split(",", -1)));
            default -> throw new IllegalArgumentException(spec);
        };
    }

    @ParameterizedTest(name = "[{index}] {0} on {1} → {2}")
    @CsvSource(delimiter = '|', nullValues = "<absent>", emptyValue = "", value = {
            "equals beta      | beta      | true",
            "equals beta      | Beta      | false",
            "equals beta      | beta2     | false",
            "equals beta      | ''        | false",
            "equals beta      | <absent>  | false",
            "equals           | ''        | true",
            "prefix be        | beta      | true",
            "prefix be        | be        | true",
            "prefix be        | Beta      | false",
            "prefix be        | b         | false",
            "prefix be        | <absent>  | false",
            "regex beta-[0-9]+ | beta-42  | true",
            "regex beta-[0-9]+ | beta-42x | false",
            "regex eta        | beta      | false",
            "regex .*eta.*    | beta      | true",
            "regex .*         | <absent>  | false",
            "present          | anything  | true",
            "present          | ''        | true",
            "present          | <absent>  | false",
            "absent           | <absent>  | true",
            "absent           | ''        | false",
            "absent           | x         | false",
            "in gold,silver   | silver    | true",
            "in gold,silver   | bronze    | false",
            "in gold,silver   | GOLD      | false",
            "in gold,silver   | <absent>  | false",
    })
    void headerCookieAndQueryConditionsApplyEveryValueMatch(String spec, String value, boolean expected) {
        ValueMatch m = match(spec);
        assertThat(Conditions.compile(new Condition.Header("X-Group", m))
                .test(value == null ? request().build() : request().header("X-Group", value).build()))
                .as("header").isEqualTo(expected);
        assertThat(Conditions.compile(new Condition.Cookie("group", m))
                .test(value == null ? request().build() : request().cookie("group", value).build()))
                .as("cookie").isEqualTo(expected);
        assertThat(Conditions.compile(new Condition.Query("group", m))
                .test(value == null ? request().build() : request().query("group", value).build()))
                .as("query").isEqualTo(expected);
    }

    @ParameterizedTest(name = "[{index}] {0} on {1} → {2}")
    @CsvSource(delimiter = '|', value = {
            "equals /api/orders     | /api/orders     | true",
            "equals /api/orders     | /api/orders/1   | false",
            "prefix /api/           | /api/orders     | true",
            "prefix /api/           | /apix           | false",
            "regex /api/v[12]/.*    | /api/v2/orders  | true",
            "regex /api/v[12]/.*    | /api/v3/orders  | false",
            "regex orders           | /api/orders     | false",
            "in /a,/b               | /b              | true",
            "in /a,/b               | /c              | false",
    })
    void pathConditionsApplyEqualsPrefixRegexAndIn(String spec, String path, boolean expected) {
        assertThat(Conditions.compile(new Condition.Path(match(spec))).test(request().path(path).build()))
                .isEqualTo(expected);
    }

    @ParameterizedTest(name = "header {0} found as {1}")
    @CsvSource({"X-User-Group, x-user-group", "x-user-group, X-USER-GROUP", "X-USER-GROUP, X-User-Group"})
    void headerNamesMatchIgnoringCase(String conditionName, String requestName) {
        CompiledCondition c = Conditions.compile(new Condition.Header(conditionName, new ValueMatch.Equals("beta")));
        assertThat(c.test(request().header(requestName, "beta").build())).isTrue();
    }

    @Test
    void cookieAndQueryNamesAreCaseSensitive() {
        RequestView r = request().cookie("UID", "1").query("User", "1").build();
        assertThat(Conditions.compile(new Condition.Cookie("uid", new ValueMatch.Present())).test(r)).isFalse();
        assertThat(Conditions.compile(new Condition.Query("user", new ValueMatch.Present())).test(r)).isFalse();
        assertThat(Conditions.compile(new Condition.Cookie("UID", new ValueMatch.Present())).test(r)).isTrue();
    }

    @ParameterizedTest(name = "{0} contains {1} → {2}")
    @CsvSource(delimiter = '|', value = {
            "GET,POST | GET    | true",
            "GET,POST | POST   | true",
            "GET,POST | PUT    | false",
            "get      | GET    | true",
            "GET      | get    | true",
            "DELETE   | GET    | false",
    })
    void methodConditionsMatchAnyMethodOfTheSet(String methods, String method, boolean expected) {
        CompiledCondition c = Conditions.compile(new Condition.Method(Set.of(methods.split(","))));
        assertThat(c.test(request().method(method).build())).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} contains {1} → {2}")
    @CsvSource(delimiter = '|', value = {
            "10.0.0.0/8                 | 10.1.2.3          | true",
            "10.0.0.0/8                 | 11.1.2.3          | false",
            "10.0.0.0/8,192.168.0.0/16  | 192.168.7.9       | true",
            "10.0.0.0/8,192.168.0.0/16  | 172.16.0.1        | false",
            "10.1.2.3                   | 10.1.2.3          | true",
            "10.1.2.3                   | 10.1.2.4          | false",
            "0.0.0.0/0                  | 203.0.113.9       | true",
            "fd00::/8                   | fd12:3456::1      | true",
            "fd00::/8                   | fe80::1           | false",
            "2001:db8::/32              | 2001:db8:ffff::1  | true",
            "10.0.0.0/8                 | mapped:10.1.2.3   | true",
            "10.0.0.0/8                 | mapped:11.1.2.3   | false",
            "fd00::/8                   | 10.1.2.3          | false",
            "10.0.0.0/8                 | unknown           | false",
    })
    void clientCidrConditionsMatchIpv4Ipv6AndIpv4MappedAddresses(String networks, String client, boolean expected)
            throws Exception {
        List<Cidr> cidrs = Arrays.stream(networks.split(",")).map(Cidr::parse).toList();
        CompiledCondition c = Conditions.compile(new Condition.ClientCidr(cidrs));
        assertThat(c.test(request().clientAddress(address(client)).build())).isEqualTo(expected);
        // The same through the RequestView default, which copies the bytes from clientAddress().
        InetAddress address = address(client);
        assertThat(c.test(new DelegatingView(request().build()) {
            @Override
            public InetAddress clientAddress() {
                return address;
            }
        })).isEqualTo(expected);
    }

    static InetAddress address(String client) throws Exception {
        if (client.equals("unknown")) {
            return null;
        }
        if (client.startsWith("mapped:")) {
            byte[] v4 = InetAddress.getByAddress(Cidr.parseLiteral(client.substring(7))).getAddress();
            byte[] v6 = new byte[16];
            v6[10] = (byte) 0xFF;
            v6[11] = (byte) 0xFF;
            System.arraycopy(v4, 0, v6, 12, 4);
            return Inet6Address.getByAddress(null, v6, -1);
        }
        return InetAddress.getByAddress(Cidr.parseLiteral(client));
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', value = {
            // h = header X-Group is beta, c = cookie uid present, m = method is POST; the request has h and c only
            "allOf()                  | true",
            "allOf(h,c)               | true",
            "allOf(h,m)               | false",
            "anyOf(m,c)               | true",
            "anyOf(m,not(h))          | false",
            "not(m)                   | true",
            "not(not(h))              | true",
            "allOf(h,anyOf(m,not(c))) | false",
            "anyOf(allOf(h,m),allOf(c,not(m))) | true",
            "not(anyOf(allOf(h,c),m)) | false",
    })
    void allOfAnyOfAndNotNestToAnyDepth(String expression, boolean expected) {
        RequestView r = request().header("X-Group", "beta").cookie("uid", "7").method("GET").build();
        assertThat(Conditions.compile(ConditionExpressions.parse(expression)).test(r)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "draw {1} at {0} bp → {2}")
    @CsvSource({"500, 499, true", "500, 500, false", "500, 0, true", "0, 0, false", "10000, 9999, true", "1, 0, true"})
    void aRandomConditionMatchesWhenTheDrawIsBelowItsBasisPoints(int basisPoints, int draw, boolean expected) {
        CompiledCondition c = Conditions.compile(new Condition.Random(basisPoints), () -> draw);
        assertThat(c.test(request().build())).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} basis points")
    @CsvSource({"500", "1000", "5000"})
    void aRandomConditionTakesItsShareOfRequests(int basisPoints) {
        long seed = Seeds.seed("aRandomConditionTakesItsShareOfRequests");
        SplittableRandom random = new SplittableRandom(seed);
        CompiledCondition c = Conditions.compile(new Condition.Random(basisPoints), () -> random.nextInt(10_000));
        RequestView r = request().build();
        int hits = 0;
        int n = 1_000_000;
        for (int i = 0; i < n; i++) {
            if (c.test(r)) {
                hits++;
            }
        }
        assertThat(100.0 * hits / n).as("seed %d", seed).isCloseTo(basisPoints / 100.0, within(0.3));
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', value = {
            "header:X-User-ID | user-42 | 2081 | true",
            "header:X-User-ID | user-42 | 2080 | false",
            "cookie:uid       | user-42 | 2081 | true",
            "query:user       | user-42 | 2080 | false",
    })
    void aStickyConditionReadsItsKeyFromHeaderCookieOrQuery(String key, String value, int basisPoints, boolean expected) {
        // "user-42" hashes to bucket 2080 without a salt (docs/sticky-hash.md).
        StickyKey k = StickyKey.parse(key);
        BiFunction<MapRequestView.Builder, String, MapRequestView.Builder> put = switch (k.source()) {
            case HEADER -> (b, v) -> b.header(k.name(), v);
            case COOKIE -> (b, v) -> b.cookie(k.name(), v);
            case QUERY -> (b, v) -> b.query(k.name(), v);
        };
        CompiledCondition c = Conditions.compile(new Condition.Sticky(k, basisPoints, ""));
        assertThat(c.test(put.apply(request(), value).build())).isEqualTo(expected);
    }

    @ParameterizedTest(name = "key {0}")
    @CsvSource(value = {"<absent>", "''"}, nullValues = "<absent>")
    void aStickyConditionNeverMatchesARequestWithoutAKey(String value) {
        CompiledCondition c = Conditions.compile(new Condition.Sticky(StickyKey.parse("header:X-User-ID"), 10_000, ""));
        assertThat(c.test(value == null ? request().build() : request().header("X-User-ID", value).build())).isFalse();
    }

    @Test
    void aStickyConditionUsesItsSalt() {
        // "checkout-v2" + ":" + "user-42" hashes to bucket 91 (docs/sticky-hash.md).
        RequestView r = request().header("X-User-ID", "user-42").build();
        StickyKey key = StickyKey.parse("header:X-User-ID");
        assertThat(Conditions.compile(new Condition.Sticky(key, 92, "checkout-v2")).test(r)).isTrue();
        assertThat(Conditions.compile(new Condition.Sticky(key, 91, "checkout-v2")).test(r)).isFalse();
    }

    static MapRequestView.Builder request() {
        return MapRequestView.builder();
    }
}
