package io.graylane.core.trust;

import io.graylane.core.config.TrustSettings.SigningKey;
import io.graylane.core.trust.Verification.Failure;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Checks every test vector of docs/trust.md, so the document and the code cannot drift apart. */
class TrustDocVectorsTest {

    private static final Instant VERIFIED_AT = Instant.parse("2025-12-31T23:59:59Z");

    private final Map<String, SigningKey> keys = new LinkedHashMap<>();
    private final List<String[]> signed = new ArrayList<>();
    private final List<String[]> rejected = new ArrayList<>();

    @Test
    void everyDocumentedVectorHoldsInCode() throws IOException {
        readTables();
        assertThat(keys).as("keys table in docs/trust.md").hasSizeGreaterThanOrEqualTo(2);
        assertThat(signed).as("signed values table in docs/trust.md").hasSizeGreaterThanOrEqualTo(2);
        assertThat(rejected).as("rejected values table in docs/trust.md").hasSizeGreaterThanOrEqualTo(5);
        LaneSignature signature = new LaneSignature(List.copyOf(keys.values()));

        for (String[] row : signed) {
            String lane = row[0];
            SigningKey key = keys.get(row[1]);
            Instant exp = Instant.ofEpochSecond(Long.parseLong(row[2]));
            String value = unquote(row[3]);
            assertThat(LaneSignature.sign(lane, key, exp)).as("sign %s", Arrays.toString(row)).isEqualTo(value);
            assertThat(signature.verify(value, VERIFIED_AT)).isEqualTo(new Verification.Valid(lane, key.id(), exp));
        }
        for (String[] row : rejected) {
            String[] valueAndTime = row[0].split(" at ");
            Instant now = valueAndTime.length > 1 ? Instant.parse(valueAndTime[1].trim()) : VERIFIED_AT;
            Verification v = signature.verify(unquote(valueAndTime[0]), now);
            assertThat(v).as("verify %s", row[0]).isInstanceOf(Verification.Invalid.class);
            assertThat(((Verification.Invalid) v).failure()).as("verify %s (%s)", row[0], row[2])
                    .isEqualTo(Failure.valueOf(row[1]));
        }
    }

    private void readTables() throws IOException {
        List<String> lines = Files.readAllLines(findDoc(), StandardCharsets.UTF_8);
        boolean inVectors = false;
        String table = "";
        for (String line : lines) {
            if (line.startsWith("## ")) {
                inVectors = line.equals("## Test vectors");
                continue;
            }
            if (!inVectors || !line.startsWith("|") || line.startsWith("|--")) {
                continue;
            }
            String[] cells = Arrays.stream(line.substring(1, line.lastIndexOf('|')).split("\\|"))
                    .map(String::trim).toArray(String[]::new);
            String header = String.join(",", cells);
            if (header.equals("kid,secret") || header.equals("lane,kid,exp,signed value")
                    || header.equals("value,failure,why")) {
                table = header;
                continue;
            }
            switch (table) {
                case "kid,secret" -> keys.put(cells[0], new SigningKey(cells[0], cells[1]));
                case "lane,kid,exp,signed value" -> signed.add(cells);
                case "value,failure,why" -> rejected.add(cells);
                default -> { }
            }
        }
    }

    private static String unquote(String cell) {
        String s = cell.trim();
        return s.startsWith("`") && s.endsWith("`") ? s.substring(1, s.length() - 1) : s;
    }

    private static Path findDoc() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path doc = dir.resolve("docs/trust.md");
            if (Files.isRegularFile(doc)) {
                return doc;
            }
        }
        throw new AssertionError("docs/trust.md not found above " + Path.of("").toAbsolutePath());
    }
}
