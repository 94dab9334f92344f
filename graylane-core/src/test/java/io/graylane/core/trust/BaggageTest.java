package io.graylane.core.trust;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BaggageTest {

    private static final String KEY = "graylane.lane";

    @ParameterizedTest(name = "[{0}] -> {1}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            "graylane.lane=canary                                  | canary",
            "userId=alice, graylane.lane = canary ;ttl=5 , b=2     | canary",
            "graylane.lane=canary;p1;p2=v                          | canary",
            "graylane.lane=beta%2Dvip                              | beta-vip",
            "graylane.lane=caf%C3%A9                               | café",
            "graylane.lane=canary%3Bkid=k1                         | canary;kid=k1",
            "',,,graylane.lane=canary,,,'                          | canary",
            "graylane.lane=%zz,graylane.lane=stable                | stable",
            "graylane.lane=can ary,graylane.lane=stable            | stable",
            "graylane.lane=%C3                                     | NULL",
            "graylane.lane=%E                                      | NULL",
            "graylane.lane=ca\"nary                                | NULL",
            "graylane.lane                                         | NULL",
            "graylane.lanex=canary                                 | NULL",
            "xgraylane.lane=canary                                 | NULL",
            "Graylane.Lane=canary                                  | NULL",
            "userId=alice;graylane.lane=canary                     | NULL",
            "'graylane.lane='                                      | ''",
            "''                                                    | NULL",
            "NULL                                                  | NULL"})
    void readMemberFindsTheFirstWellFormedMember(String header, String expected) {
        assertThat(Baggage.readMember(header, KEY)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "[{0}] + {1} -> [{2}]")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            "NULL                                          | canary  | graylane.lane=canary",
            "''                                            | canary  | graylane.lane=canary",
            "userId=alice,b=2                              | canary  | userId=alice,b=2,graylane.lane=canary",
            "userId=alice, graylane.lane=stable;ttl=5, b=2 | canary  | userId=alice,graylane.lane=canary,b=2",
            "graylane.lane=x,a=1,graylane.lane=y           | canary  | graylane.lane=canary,a=1",
            "garbage, a=1,,                                | canary  | garbage,a=1,graylane.lane=canary",
            "graylane.lane=%zz                             | canary  | graylane.lane=canary",
            "NULL                                          | café 100% | graylane.lane=caf%C3%A9%20100%25",
            "NULL                                          | 'canary;kid=k1;exp=1;sig=ab' | graylane.lane=canary%3Bkid=k1%3Bexp=1%3Bsig=ab",
            "NULL                                          | 'a,b\"c\\d' | graylane.lane=a%2Cb%22c%5Cd"})
    void withMemberReplacesOrAppendsAndKeepsTheOthers(String header, String value, String expected) {
        String written = Baggage.withMember(header, KEY, value);

        assertThat(written).isEqualTo(expected);
        assertThat(Baggage.readMember(written, KEY)).isEqualTo(value);
    }

    @ParameterizedTest(name = "[{0}] -> [{1}]")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            "userId=alice,graylane.lane=canary,b=2          | userId=alice,b=2",
            "' userId = alice , graylane.lane=canary ; p '  | userId = alice",
            "graylane.lane=canary                           | NULL",
            "graylane.lane=canary,graylane.lane=beta        | NULL",
            "graylane.lane=%zz,b=2                          | b=2",
            "'junk,,graylane.lane=x,, b=2'                  | junk,b=2"})
    void withoutMemberRemovesEveryMemberOfTheKey(String header, String expected) {
        assertThat(Baggage.withoutMember(header, KEY)).isEqualTo(expected);
    }

    @Test
    void withoutMemberReturnsTheSameHeaderWhenThereIsNothingToRemove() {
        String header = "userId=alice, b=2";

        assertThat(Baggage.withoutMember(header, KEY)).isSameAs(header);
        assertThat(Baggage.withoutMember(null, KEY)).isNull();
    }

    @Test
    void aKeyThatIsNotATokenIsAProgrammingError() {
        assertThatThrownBy(() -> Baggage.withMember("a=1", "bad key", "v"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("key: \"bad key\" (expected: a baggage key token)");
    }

    @Test
    void hostileHeadersNeverThrow() {
        Random random = new Random(7);
        String alphabet = "graylane.=,; \t%C3A9zq\"\\\u0000\u00e9";
        for (int i = 0; i < 20_000; i++) {
            StringBuilder sb = new StringBuilder();
            int length = random.nextInt(60);
            for (int c = 0; c < length; c++) {
                sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String header = sb.toString();
            Baggage.readMember(header, KEY);
            String written = Baggage.withMember(header, KEY, "canary");
            assertThat(Baggage.readMember(written, KEY)).as(header).isEqualTo("canary");
            String removed = Baggage.withoutMember(written, KEY);
            assertThat(removed == null ? null : Baggage.readMember(removed, KEY)).as(header).isNull();
        }
    }

    @Test
    void aHugeHeaderWithoutSeparatorsIsScannedInLinearTime() {
        String header = "a,".repeat(200_000);

        assertThat(Baggage.readMember(header, KEY)).isNull();
        assertThat(Baggage.withoutMember(header, KEY)).isSameAs(header);
    }
}
