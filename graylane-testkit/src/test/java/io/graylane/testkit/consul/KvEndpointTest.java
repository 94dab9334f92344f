package io.graylane.testkit.consul;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KvEndpointTest {

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
    void putThenGetAnswersTheDocumentedEntryShape() throws IOException {
        assertThat(http.put("/v1/kv/cfg/db", "test").body()).isEqualTo("true");

        HttpResponse<String> r = http.get("/v1/kv/cfg/db");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode entry = ConsulHttp.json(r).get(0);
        List<String> fields = new ArrayList<>();
        entry.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactly("LockIndex", "Key", "Flags", "Value", "CreateIndex", "ModifyIndex");
        assertThat(entry.get("Key").asText()).isEqualTo("cfg/db");
        assertThat(entry.get("Value").asText()).isEqualTo("dGVzdA==");
        assertThat(entry.get("CreateIndex").asLong()).isEqualTo(entry.get("ModifyIndex").asLong()).isPositive();
        assertThat(ConsulHttp.index(r)).isEqualTo(entry.get("ModifyIndex").asLong());
    }

    @Test
    void anEmptyValueIsNullNotAnEmptyString() throws IOException {
        http.put("/v1/kv/empty", "");

        assertThat(ConsulHttp.json(http.get("/v1/kv/empty")).get(0).get("Value").isNull()).isTrue();
    }

    @Test
    void aMissingKeyAnswers404WithAnEmptyBodyButWithTheConsulHeaders() throws IOException {
        HttpResponse<String> r = http.get("/v1/kv/nope");

        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.body()).isEmpty();
        assertThat(ConsulHttp.index(r)).isGreaterThanOrEqualTo(1);
        assertThat(r.headers().firstValue("X-Consul-KnownLeader")).hasValue("true");
        assertThat(r.headers().firstValue("X-Consul-LastContact")).hasValue("0");
    }

    @Test
    void flagsAreStoredAndReturned() throws IOException {
        http.put("/v1/kv/flagged?flags=42", "x");

        assertThat(ConsulHttp.json(http.get("/v1/kv/flagged")).get(0).get("Flags").asLong()).isEqualTo(42);
    }

    @Test
    void casZeroCreatesOnlyWhenTheKeyIsAbsent() throws IOException {
        assertThat(http.put("/v1/kv/once?cas=0", "first").body()).isEqualTo("true");
        assertThat(http.put("/v1/kv/once?cas=0", "second").body()).isEqualTo("false");

        assertThat(sim.kv().get("once")).hasValue("first");
    }

    @Test
    void casWritesOnlyWhenTheModifyIndexMatches() throws IOException {
        http.put("/v1/kv/c", "v1");
        long modify = sim.kv().modifyIndex("c");

        assertThat(http.put("/v1/kv/c?cas=" + (modify + 100), "stale").body()).isEqualTo("false");
        assertThat(http.put("/v1/kv/c?cas=" + modify, "v2").body()).isEqualTo("true");
        assertThat(http.put("/v1/kv/c?cas=" + modify, "v3").body()).isEqualTo("false");
        assertThat(sim.kv().get("c")).hasValue("v2");
    }

    @Test
    void recurseListsEveryEntryUnderThePrefixAndAnEmptyPrefixIs404() throws IOException {
        sim.kv().put("app/a", "1").put("app/b/c", "2").put("other", "3");

        HttpResponse<String> r = http.get("/v1/kv/app/?recurse");

        assertThat(ConsulHttp.json(r).findValuesAsText("Key")).containsExactly("app/a", "app/b/c");
        HttpResponse<String> empty = http.get("/v1/kv/nothing/?recurse");
        assertThat(empty.statusCode()).isEqualTo(404);
        assertThat(empty.headers().firstValue("X-Consul-Index")).isPresent();
    }

    @ParameterizedTest(name = "keys under \"{0}\" with separator \"{1}\" → {2}")
    @CsvSource(delimiter = '|', value = {
            "app/ |   | app/a,app/b/c,app/b/d,app/e/f/g",
            "app/ | / | app/a,app/b/,app/e/",
            "app/b| / | app/b/",
            "''   | / | app/,z",
    })
    void keysListsKeysAndCollapsesAtTheSeparator(String prefix, String separator, String expected) throws IOException {
        sim.kv().put("app/a", "").put("app/b/c", "").put("app/b/d", "").put("app/e/f/g", "").put("z", "");

        String query = "/v1/kv/" + prefix + "?keys" + (separator == null ? "" : "&separator=" + separator);
        HttpResponse<String> r = http.get(query);

        assertThat(r.statusCode()).isEqualTo(200);
        List<String> keys = new ArrayList<>();
        ConsulHttp.json(r).forEach(k -> keys.add(k.asText()));
        assertThat(keys).containsExactly(expected.split(","));
    }

    @Test
    void keysOnAnEmptyPrefixIs404ButTheRootIsAnEmptyList() throws IOException {
        assertThat(http.get("/v1/kv/none/?keys").statusCode()).isEqualTo(404);
        HttpResponse<String> root = http.get("/v1/kv/?keys");
        assertThat(root.statusCode()).isEqualTo(200);
        assertThat(root.body()).isEqualTo("[]");
    }

    @Test
    void rawAnswersTheValueAsPlainText() throws IOException {
        http.put("/v1/kv/doc", "routes: []\n");

        HttpResponse<String> r = http.get("/v1/kv/doc?raw");

        assertThat(r.body()).isEqualTo("routes: []\n");
        assertThat(r.headers().firstValue("Content-Type")).hasValue("text/plain");
        assertThat(r.headers().firstValue("X-Consul-Index")).isPresent();
    }

    @Test
    void aValueOver512KiBAnswers413() throws IOException {
        HttpResponse<String> r = http.put("/v1/kv/big", new byte[512 * 1024 + 1]);

        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(r.body()).startsWith("Request body(524289 bytes) too large, max size: 524288 bytes.");
        assertThat(http.put("/v1/kv/big", new byte[512 * 1024]).body()).isEqualTo("true");
    }

    @Test
    void deleteAnswersTrueAndRecurseDeletesTheWholePrefix() throws IOException {
        sim.kv().put("t/a", "1").put("t/b", "2").put("u", "3");

        assertThat(http.delete("/v1/kv/t/a").body()).isEqualTo("true");
        assertThat(http.delete("/v1/kv/t/?recurse").body()).isEqualTo("true");

        assertThat(sim.kv().get("t/b")).isEmpty();
        assertThat(sim.kv().get("u")).hasValue("3");
    }

    @Test
    void deleteWithCasDeletesOnlyAtTheMatchingIndex() throws IOException {
        sim.kv().put("d", "1");
        long modify = sim.kv().modifyIndex("d");

        assertThat(http.delete("/v1/kv/d?cas=" + (modify + 1)).body()).isEqualTo("false");
        assertThat(http.delete("/v1/kv/d?cas=" + modify).body()).isEqualTo("true");
        assertThat(sim.kv().get("d")).isEmpty();
    }

    @Test
    void deletingTheNewestKeyUnderAPrefixMovesTheRecurseIndexBackwards() throws IOException {
        sim.kv().put("p/old", "1").put("p/new", "2");
        long before = ConsulHttp.index(http.get("/v1/kv/p/?recurse"));

        http.delete("/v1/kv/p/new");

        long after = ConsulHttp.index(http.get("/v1/kv/p/?recurse"));
        assertThat(after).isLessThan(before).isEqualTo(sim.kv().modifyIndex("p/old"));
    }

    @ParameterizedTest(name = "{0} {1} → {2} {3}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "PUT    | /v1/kv/?x             | 400 | `Missing key name`",
            "GET    | /v1/kv/               | 400 | `Missing key name`",
            "DELETE | /v1/kv/               | 400 | `Missing key name`",
            "PUT    | /v1/kv/k?cas=1&acquire=s | 400 | `Conflicting flags: acquire=s&cas=1\n`",
            "PUT    | /v1/kv/k?acquire=s1   | 500 | `invalid session \"s1\"`",
            "PUT    | /v1/kv/k?flags=x      | 500 | `strconv.ParseUint: parsing \"x\": invalid syntax`",
            "POST   | /v1/kv/k              | 405 | `method POST not allowed`",
    })
    void badRequestsAnswerConsulsErrorTexts(String method, String path, int status, String text) throws IOException {
        HttpResponse<String> r = switch (method) {
            case "PUT" -> http.put(path, "v");
            case "GET" -> http.get(path);
            case "DELETE" -> http.delete(path);
            default -> post(path);
        };

        assertThat(r.statusCode()).isEqualTo(status);
        assertThat(r.body()).isEqualTo(text.replace("\\n", "\n"));
    }

    private HttpResponse<String> post(String path) throws IOException {
        try {
            return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(sim.address().resolve(path))
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("v")).build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            throw new IOException(e);
        }
    }
}
