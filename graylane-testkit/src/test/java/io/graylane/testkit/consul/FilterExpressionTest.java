package io.graylane.testkit.consul;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FilterExpressionTest {

    private static final Map<String, Object> ENTRY = Map.of(
            "Node", Map.of("Node", "n1", "Meta", Map.of("zone", "a")),
            "Service", Map.of("ID", "web-1", "Service", "web", "Tags", List.of("canary", "v2"),
                    "Meta", Map.of("version", "v2", "app-ver", "2.0"), "Port", 8080, "Address", ""),
            "Checks", List.of(Map.of("Status", "passing", "ServiceTags", List.of("canary")),
                    Map.of("Status", "critical", "ServiceTags", List.of())));

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "Service.Meta.version == v2                                   | true",
            "Service.Meta.version == `v2`                                 | true",
            "Service.Meta[\"app-ver\"] == \"2.0\"                         | true",
            "Service.Meta.missing is empty                                | true",
            "Service.Tags is not empty                                    | true",
            "Service.Port == 8080                                         | true",
            "canary in Service.Tags                                       | true",
            "\"zone\" in Node.Meta                                        | true",
            "\"eb\" in Service.Service                                    | true",
            "Checks.Status == critical                                    | true",
            "Checks.Status != critical                                    | false",
            "Checks.ServiceTags contains canary                           | true",
            "Service.ID matches \"^web-[0-9]+$\"                          | true",
            "Service.ID == \"a\\\"b\"                                     | false",
            "true_is_not_a_keyword in Service.Tags                        | false",
            "not Service.Port == 8080 or Service.Port == 8080             | true",
            "not (Service.Port == 8080 or Service.Port == 8080)           | false",
            "Service.Port == 1 and Service.Port == 1 or Service.Port == 8080 | true",
            "Service.Port == 8080 or Service.Port == 1 and Service.Port == 1 | true",
            "(Service.Port == 8080 or Service.Port == 1) and Service.Port == 1 | false",
            "not not Service.Port == 8080                                 | true",
    })
    void evaluatesWithNotOverAndOverOr(String expression, boolean expected) {
        assertThat(FilterExpression.parse(expression, FilterSchema.HEALTH_ENTRY).test(ENTRY)).isEqualTo(expected);
    }

    @Test
    void precedenceBuildsTheExpectedTree() {
        FilterExpression e = FilterExpression.parse("not a.b == 1 and c == 2 or d == 3",
                new FilterSchema.Struct(Map.of("a", new FilterSchema.Struct(Map.of("b", FilterSchema.SCALAR)),
                        "c", FilterSchema.SCALAR, "d", FilterSchema.SCALAR)));

        assertThat(e).isInstanceOf(FilterExpression.Or.class);
        FilterExpression.Or or = (FilterExpression.Or) e;
        assertThat(or.left()).isInstanceOf(FilterExpression.And.class);
        assertThat(((FilterExpression.And) or.left()).left()).isInstanceOf(FilterExpression.Not.class);
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "``                            | empty expression",
            "Service.ID ==                 | unexpected end of expression (expected: a value)",
            "Service.ID == \"x             | unterminated string",
            "Service.ID == x extra         | unexpected \"extra\"",
            "Service..ID == x              | invalid selector",
            "Service.Meta.a.b == x         | Selector \"Service.Meta.a.b\" is not valid",
            "Service.Tags.x == x           | Selector \"Service.Tags.x\" is not valid",
            "Service.ID ! x                | unexpected \"!\"",
            "and == x                      | expected: a selector",
    })
    void rejectsBadExpressionsWithAPositionedMessage(String expression, String fragment) {
        assertThatThrownBy(() -> FilterExpression.parse(expression, FilterSchema.HEALTH_ENTRY))
                .isInstanceOf(FilterException.class).hasMessageContaining(fragment);
    }
}
