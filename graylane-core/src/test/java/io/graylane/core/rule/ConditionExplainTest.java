package io.graylane.core.rule;

import io.graylane.core.net.Cidr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.InetAddress;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class ConditionExplainTest {

    private static final StickyKey USER_ID = StickyKey.parse("header:X-User-ID");

    private static final MapRequestView REQUEST = MapRequestView.builder()
            .method("GET").path("/api/orders")
            .header("X-User-Group", "beta").header("X-User-ID", "user-42")
            .cookie("uid", "u7").query("debug", "1")
            .clientAddress("10.1.2.3")
            .build();

    static Stream<Arguments> leaves() {
        return Stream.of(
                Arguments.of(new Condition.Header("X-User-Group", new ValueMatch.Equals("beta")),
                        "header X-User-Group = \"beta\" equals \"beta\": yes"),
                Arguments.of(new Condition.Header("X-User-Group", new ValueMatch.Prefix("gam")),
                        "header X-User-Group = \"beta\" starts with \"gam\": no"),
                Arguments.of(new Condition.Header("X-Missing", new ValueMatch.Equals("beta")),
                        "header X-Missing absent: no"),
                Arguments.of(new Condition.Header("X-Missing", new ValueMatch.Absent()),
                        "header X-Missing absent: yes"),
                Arguments.of(new Condition.Header("X-User-Group", new ValueMatch.Absent()),
                        "header X-User-Group = \"beta\" is absent: no"),
                Arguments.of(new Condition.Cookie("uid", new ValueMatch.Present()),
                        "cookie uid = \"u7\" is present: yes"),
                Arguments.of(new Condition.Query("debug", ValueMatch.In.of(List.of("1", "true"))),
                        "query debug = \"1\" in [\"1\", \"true\"]: yes"),
                Arguments.of(new Condition.Path(new ValueMatch.Regex("/api/v[0-9]+/.*")),
                        "path = \"/api/orders\" matches regex \"/api/v[0-9]+/.*\": no"),
                Arguments.of(new Condition.Method(Set.of("POST", "GET")),
                        "method GET in [GET, POST]: yes"),
                Arguments.of(new Condition.ClientCidr(List.of(Cidr.parse("10.0.0.0/8"))),
                        "clientCidr 10.1.2.3 in [10.0.0.0/8]: yes"),
                Arguments.of(new Condition.ClientCidr(List.of(Cidr.parse("192.168.0.0/16"), Cidr.parse("fd00::/8"))),
                        "clientCidr 10.1.2.3 in [192.168.0.0/16, fd00::/8]: no"),
                Arguments.of(new Condition.Sticky(USER_ID, 500, ""),
                        "sticky header:X-User-ID bucket 2080 < 500: no"),
                Arguments.of(new Condition.Sticky(USER_ID, 100, "checkout-v2"),
                        "sticky header:X-User-ID salt \"checkout-v2\" bucket 91 < 100: yes"),
                Arguments.of(new Condition.Sticky(StickyKey.parse("cookie:session"), 500, ""),
                        "sticky cookie:session: key absent: no"),
                Arguments.of(new Condition.Random(500),
                        "random 5.00%: drew 1234: no"),
                Arguments.of(new Condition.Random(1),
                        "random 0.01%: drew 1234: no"),
                Arguments.of(new Condition.Random(10_000),
                        "random 100.00%: drew 1234: yes"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("leaves")
    void everyLeafConditionSaysWhatItSawAndWhatItWanted(Condition condition, String expected) {
        ConditionTrace trace = Conditions.compile(condition, () -> 1234).explain(REQUEST);
        assertThat(trace.description()).isEqualTo(expected);
        assertThat(trace.matched()).isEqualTo(expected.endsWith(": yes"));
        assertThat(trace.children()).isEmpty();
    }

    @Test
    void anEmptyStickyKeyIsExplainedAsEmpty() {
        RequestView r = MapRequestView.builder().header("X-User-ID", "").build();
        assertThat(Conditions.compile(new Condition.Sticky(USER_ID, 10_000, "")).explain(r).description())
                .isEqualTo("sticky header:X-User-ID: key empty: no");
    }

    @Test
    void anUnknownClientAddressIsExplainedAsUnknown() {
        RequestView r = MapRequestView.builder().build();
        assertThat(Conditions.compile(new Condition.ClientCidr(List.of(Cidr.parse("10.0.0.0/8")))).explain(r)
                .description()).isEqualTo("clientCidr unknown address: no");
    }

    @Test
    void anIpv4MappedClientAddressIsShownAsTheJdkPrintsIt() throws Exception {
        InetAddress mapped = ConditionsTest.address("mapped:10.1.2.3");
        RequestView r = MapRequestView.builder().clientAddress(mapped).build();
        assertThat(Conditions.compile(new Condition.ClientCidr(List.of(Cidr.parse("10.0.0.0/8")))).explain(r)
                .description()).isEqualTo("clientCidr 0:0:0:0:0:ffff:a01:203 in [10.0.0.0/8]: yes");
    }

    @Test
    void longAndControlCharacterValuesAreEscapedAndCut() {
        RequestView r = MapRequestView.builder().header("X-V", "a\"b\\c\n" + "x".repeat(200)).build();
        String description = Conditions.compile(new Condition.Header("X-V", new ValueMatch.Equals("q"))).explain(r)
                .description();
        assertThat(description).isEqualTo("header X-V = \"a\\\"b\\\\c\\n" + "x".repeat(74) + "\"… (206 chars) equals \"q\": no");
    }

    @Test
    void allOfStopsAtTheFirstFailureAndSaysHowManyItSkipped() {
        Condition c = new Condition.AllOf(List.of(
                new Condition.Header("X-User-Group", new ValueMatch.Equals("beta")),
                new Condition.Method(Set.of("POST")),
                new Condition.Random(5000)));
        int[] draws = {0};
        ConditionTrace trace = Conditions.compile(c, () -> draws[0]++).explain(REQUEST);
        assertThat(trace.render(0)).isEqualTo("""
                allOf (#1 failed, 1 more not evaluated): no
                  header X-User-Group = "beta" equals "beta": yes
                  method GET in [POST]: no
                """);
        assertThat(draws[0]).as("random draws").isZero();
    }

    @Test
    void anyOfStopsAtTheFirstMatch() {
        Condition c = new Condition.AnyOf(List.of(
                new Condition.Cookie("uid", new ValueMatch.Equals("nope")),
                new Condition.Not(new Condition.Method(Set.of("POST"))),
                new Condition.Random(5000)));
        assertThat(Conditions.compile(c).explain(REQUEST).render(2)).isEqualTo("""
                  anyOf (#1 held, 1 more not evaluated): yes
                    cookie uid = "u7" equals "nope": no
                    not: yes
                      method GET in [POST]: no
                """);
    }

    @Test
    void compositesThatEvaluateEveryChildSayJustTheVerdict() {
        assertThat(Conditions.compile(new Condition.AllOf(List.of())).explain(REQUEST).description())
                .isEqualTo("allOf (empty): yes");
        Condition allHold = new Condition.AllOf(List.of(new Condition.Method(Set.of("GET")), new Condition.Method(Set.of("GET"))));
        assertThat(Conditions.compile(allHold).explain(REQUEST).description()).isEqualTo("allOf: yes");
        Condition lastFails = new Condition.AllOf(List.of(new Condition.Method(Set.of("GET")), new Condition.Method(Set.of("PUT"))));
        assertThat(Conditions.compile(lastFails).explain(REQUEST).description()).isEqualTo("allOf (#1 failed): no");
        Condition noneHold = new Condition.AnyOf(List.of(new Condition.Method(Set.of("PUT"))));
        assertThat(Conditions.compile(noneHold).explain(REQUEST).description()).isEqualTo("anyOf: no");
    }

    @Test
    void aCustomCompiledConditionExplainsJustItsAnswer() {
        CompiledCondition custom = request -> true;
        assertThat(custom.explain(REQUEST)).isEqualTo(ConditionTrace.leaf("custom condition: yes", true));
    }
}
