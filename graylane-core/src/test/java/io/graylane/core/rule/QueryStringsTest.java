package io.graylane.core.rule;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class QueryStringsTest {

    @ParameterizedTest(name = "[{0}] {1} -> {2}")
    @CsvSource(nullValues = "NULL", value = {
            "a=1&canary=yes, canary, yes",
            "canary, canary, ''",
            "canary=, canary, ''",
            "canary=a%20b, canary, a b",
            "canary=a+b, canary, a b",
            "c%61nary=1, canary, 1",
            "canary=%zz&canary=2, canary, 2",
            "canary=1&canary=2, canary, 1",
            "other=1, canary, NULL",
            "'', canary, NULL",
            "NULL, canary, NULL",
            "Canary=1, canary, NULL",
    })
    void readsTheFirstReadableParameter(String queryString, String name, String expected) {
        assertThat(QueryStrings.parameter(queryString, name)).isEqualTo(expected);
    }
}
