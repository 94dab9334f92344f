package io.graylane.testkit.consul;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.StringJoiner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TxnEndpointTest {

    private ConsulSimulator sim;
    private ConsulHttp http;

    @BeforeEach
    void start() {
        sim = ConsulSimulator.start();
        http = new ConsulHttp(sim);
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void anAppliedTransactionAnswers200WithResultsAndNullErrors() throws IOException {
        HttpResponse<String> r = http.put("/v1/txn", "["
                + "{\"KV\":{\"Verb\":\"set\",\"Key\":\"a\",\"Value\":\"MQ==\",\"Flags\":3}},"
                + "{\"KV\":{\"Verb\":\"set\",\"Key\":\"b\",\"Value\":\"Mg==\"}},"
                + "{\"KV\":{\"Verb\":\"get\",\"Key\":\"a\"}}]");

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = ConsulHttp.json(r);
        assertThat(body.get("Errors").isNull()).isTrue();
        JsonNode results = body.get("Results");
        assertThat(results).hasSize(3);
        assertThat(results.get(0).get("KV").get("Key").asText()).isEqualTo("a");
        assertThat(results.get(0).get("KV").get("Value").isNull()).isTrue();
        assertThat(results.get(0).get("KV").get("Flags").asLong()).isEqualTo(3);
        assertThat(results.get(2).get("KV").get("Value").asText()).isEqualTo("MQ==");
        assertThat(results.get(0).get("KV").get("ModifyIndex").asLong())
                .isEqualTo(results.get(1).get("KV").get("ModifyIndex").asLong())
                .isEqualTo(sim.index());
    }

    @Test
    void aFailingOperationRollsEverythingBackWith409AndTheOpIndex() throws IOException {
        sim.kv().put("guard", "x");
        long guardIndex = sim.kv().modifyIndex("guard");

        HttpResponse<String> r = http.put("/v1/txn", "["
                + "{\"KV\":{\"Verb\":\"set\",\"Key\":\"new\",\"Value\":\"MQ==\"}},"
                + "{\"KV\":{\"Verb\":\"cas\",\"Key\":\"guard\",\"Value\":\"Mg==\",\"Index\":" + (guardIndex + 5) + "}}]");

        assertThat(r.statusCode()).isEqualTo(409);
        JsonNode body = ConsulHttp.json(r);
        assertThat(body.get("Results").isNull()).isTrue();
        assertThat(body.get("Errors").get(0).get("OpIndex").asInt()).isEqualTo(1);
        assertThat(body.get("Errors").get(0).get("What").asText()).isEqualTo("failed to set key \"guard\", index is stale");
        assertThat(sim.kv().get("new")).isEmpty();
        assertThat(sim.kv().get("guard")).hasValue("x");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "{\"Verb\":\"get\",\"Key\":\"missing\"}                | key \"missing\" doesn't exist",
            "{\"Verb\":\"check-index\",\"Key\":\"k\",\"Index\":1}  | current modify index ",
            "{\"Verb\":\"check-not-exists\",\"Key\":\"k\"}         | key \"k\" exists",
            "{\"Verb\":\"delete-cas\",\"Key\":\"k\",\"Index\":1}   | failed to delete key \"k\", index is stale",
            "{\"Verb\":\"cas\",\"Key\":\"k\",\"Index\":0}          | failed to set key \"k\", index is stale",
            "{\"Verb\":\"frob\",\"Key\":\"k\"}                     | unknown KV verb \"frob\"",
    })
    void eachCheckingVerbRollsBackWhenItsConditionFails(String op, String what) throws IOException {
        sim.kv().put("k", "v");

        HttpResponse<String> r = http.put("/v1/txn", "[{\"KV\":" + op + "}]");

        assertThat(r.statusCode()).isEqualTo(409);
        assertThat(ConsulHttp.json(r).get("Errors").get(0).get("What").asText()).startsWith(what);
    }

    @Test
    void checkingVerbsPassWhenTheirConditionHolds() throws IOException {
        sim.kv().put("k", "v");
        long idx = sim.kv().modifyIndex("k");

        HttpResponse<String> r = http.put("/v1/txn", "["
                + "{\"KV\":{\"Verb\":\"check-index\",\"Key\":\"k\",\"Index\":" + idx + "}},"
                + "{\"KV\":{\"Verb\":\"check-not-exists\",\"Key\":\"other\"}},"
                + "{\"KV\":{\"Verb\":\"delete-cas\",\"Key\":\"k\",\"Index\":" + idx + "}},"
                + "{\"KV\":{\"Verb\":\"cas\",\"Key\":\"other\",\"Index\":0,\"Value\":\"eA==\"}}]");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(sim.kv().get("k")).isEmpty();
        assertThat(sim.kv().get("other")).hasValue("x");
    }

    @Test
    void getTreeAndDeleteTreeWorkOnAPrefix() throws IOException {
        sim.kv().put("p/a", "1").put("p/b", "2");

        JsonNode tree = ConsulHttp.json(http.put("/v1/txn", "[{\"KV\":{\"Verb\":\"get-tree\",\"Key\":\"p/\"}}]"));
        assertThat(tree.get("Results").findValuesAsText("Key")).containsExactly("p/a", "p/b");

        assertThat(http.put("/v1/txn", "[{\"KV\":{\"Verb\":\"delete-tree\",\"Key\":\"p/\"}}]").statusCode()).isEqualTo(200);
        assertThat(sim.kv().get("p/a")).isEmpty();
    }

    @Test
    void moreThan128OperationsAnswer413() throws IOException {
        StringJoiner ops = new StringJoiner(",", "[", "]");
        for (int i = 0; i < 129; i++) {
            ops.add("{\"KV\":{\"Verb\":\"set\",\"Key\":\"k" + i + "\"}}");
        }

        HttpResponse<String> r = http.put("/v1/txn", ops.toString());

        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(r.body()).isEqualTo("Transaction contains too many operations (129 > 128)");
    }

    @Test
    void exactly128OperationsAreApplied() throws IOException {
        StringJoiner ops = new StringJoiner(",", "[", "]");
        for (int i = 0; i < 128; i++) {
            ops.add("{\"KV\":{\"Verb\":\"set\",\"Key\":\"k" + i + "\"}}");
        }

        assertThat(http.put("/v1/txn", ops.toString()).statusCode()).isEqualTo(200);
    }

    @Test
    void aBodyThatIsNotJsonIs400() throws IOException {
        HttpResponse<String> r = http.put("/v1/txn", "{not json");

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).startsWith("Failed to parse body: ");
    }
}
