package io.graylane.config;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class SuggestionsTest {

    @ParameterizedTest(name = "{0} in {1} -> {2}")
    @CsvSource(delimiter = '|', emptyValue = "", textBlock = """
            lan           | ROUTE        |
            lan           | RULE         | lane
            defaultlane   | COLORING     | defaultLane
            default_lane  | COLORING     | defaultLane
            default       | COLORING     | defaultLane
            prefix        | ROUTE        | pathPrefix
            strip         | ROUTE        | stripPrefix
            stripprefix   | ROUTE        | stripPrefix
            headers       | CONDITION    | header
            methods       | CONDITION    | method
            cidr          | CONDITION    | clientCidr
            xin           | NAMED_MATCH  | in
            colour        | NAMED_MATCH  |
            regexp        | NAMED_MATCH  | regex
            sticky        | ROOT         |
            lanse         | ROOT         | lanes
            trustedCidr   | TRUST        | trustedCidrs
            helth         | INSTANCE     | health
            addr          | INSTANCE     | address
            zone          | INSTANCE     |
            """)
    void closeMisspellingsGetASuggestionAndUnrelatedWordsDoNot(String input, KnownKeys kind, String expected) {
        assertThat(Suggestions.closest(input, kind.keys()).orElse(null)).isEqualTo(expected);
    }
}
