package io.graylane.core.rule;

import io.graylane.core.config.Coloring;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RegexConditionTest {

    @ParameterizedTest(name = "/{0}/ on \"{1}\" → {2}")
    @CsvSource(delimiter = ';', value = {
            "beta           ; beta        ; true",
            "beta           ; beta-2      ; false",
            "beta           ; xbeta       ; false",
            "eta            ; beta        ; false",
            "beta|gamma     ; gamma       ; true",
            "beta|gamma     ; betagamma   ; false",
            "^beta$         ; beta        ; true",
            "beta.*         ; beta-2      ; true",
            "(?i)beta       ; BETA        ; true",
            "[a-z]+-\\d{2}  ; ab-12       ; true",
            "[a-z]+-\\d{2}  ; ab-123      ; false",
            "''             ; ''          ; true",
            "''             ; x           ; false",
    })
    void aRegexMustMatchTheWholeValue(String pattern, String value, boolean expected) {
        CompiledCondition c = Conditions.compile(new Condition.Header("X-V", new ValueMatch.Regex(pattern)));
        assertThat(c.test(MapRequestView.builder().header("X-V", value).build())).isEqualTo(expected);
    }

    @ParameterizedTest(name = "/{0}/ on {1} × \"{2}\" + \"{3}\" → {4}")
    @CsvSource(delimiter = ';', value = {
            "(a|aa)*b         ; 50000 ; a   ; ''  ; false",
            "(a|aa)*b         ; 50000 ; a   ; b   ; true",
            "(a+)+b           ; 50000 ; a   ; ''  ; false",
            "(x+x+)+y         ; 50000 ; x   ; ''  ; false",
            "(\\w+\\s?)*$     ; 25000 ; ab  ; !   ; false",
            "(\\w+\\s?)*$     ; 25000 ; ab  ; ''  ; true",
            "(.*a){12}        ; 50000 ; a   ; ''  ; true",
    })
    void catastrophicBacktrackingPatternsRunInLinearTimeOnHugeValues(String pattern, int times, String unit,
                                                                    String suffix, boolean expected) {
        String value = unit.repeat(times) + suffix;
        CompiledCondition c = Conditions.compile(new Condition.Header("X-V", new ValueMatch.Regex(pattern)));
        assertThat(c.test(MapRequestView.builder().header("X-V", value).build())).isEqualTo(expected);
    }

    @ParameterizedTest(name = "/{0}/")
    @CsvSource(delimiter = '|', value = {
            "(           | missing closing )",
            "a**         | invalid nested repetition operator `**`",
            "[z-a]       | invalid character class range `z-a`",
            "(a)\\1      | invalid escape sequence `\\1`",
            "(?<=a)b     | invalid named capture",
    })
    void anInvalidRegexFailsAtCompileTimeSayingWhatRe2Expects(String pattern, String reason) {
        assertThatThrownBy(() -> Conditions.compile(new Condition.Header("X-V", new ValueMatch.Regex(pattern))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("regex: " + pattern + " (expected: RE2 syntax: " + reason + ")");
    }

    @Test
    void anInvalidRegexInAColoringNamesTheRule() {
        Coloring coloring = new Coloring("stable", List.of(
                new Rule("ok", new Condition.Header("X-A", new ValueMatch.Equals("a")), "canary"),
                new Rule("broken", new Condition.AnyOf(List.of(
                        new Condition.Path(new ValueMatch.Regex("/api/(v1")))), "canary")));
        assertThatThrownBy(() -> Colorer.compile(coloring))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("rules[1].when (rule 'broken'): regex: /api/(v1 (expected: RE2 syntax: missing closing ))");
    }
}
