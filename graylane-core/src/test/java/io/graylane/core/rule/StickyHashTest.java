package io.graylane.core.rule;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class StickyHashTest {

    private static final Pattern ROW = Pattern.compile(
            "^\\| \"(.*)\" \\| \"(.*)\" \\| `([0-9a-f]*)` \\| `([0-9a-f]{8})` \\| (\\d+) \\|$", Pattern.MULTILINE);

    @ParameterizedTest(name = "murmur3(\"{0}\", seed {1}) = {2}")
    @CsvSource({
            "'', 0, 00000000",
            "'', 1, 514e28b7",
            "hello, 0, 248bfa47",
            "'The quick brown fox jumps over the lazy dog', 0, 2e4ff723",
    })
    void referenceMurmur3MatchesPublishedVectors(String text, int seed, String hex) {
        assertThat(StickyHash.murmur3(text.getBytes(StandardCharsets.UTF_8), seed))
                .isEqualTo(Integer.parseUnsignedInt(hex, 16));
    }

    static List<Arguments> documentedVectors() throws IOException {
        String doc = Files.readString(findDoc(), StandardCharsets.UTF_8);
        List<Arguments> rows = new ArrayList<>();
        Matcher m = ROW.matcher(doc);
        while (m.find()) {
            rows.add(Arguments.of(m.group(1), m.group(2), m.group(3), m.group(4), Integer.parseInt(m.group(5))));
        }
        assertThat(rows).as("test vectors in docs/sticky-hash.md").hasSizeGreaterThanOrEqualTo(6);
        return rows;
    }

    private static Path findDoc() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path doc = dir.resolve("docs/sticky-hash.md");
            if (Files.isRegularFile(doc)) {
                return doc;
            }
        }
        throw new AssertionError("docs/sticky-hash.md not found above " + Path.of("").toAbsolutePath());
    }

    @ParameterizedTest(name = "salt \"{0}\", key \"{1}\" → {3}, bucket {4}")
    @MethodSource("documentedVectors")
    void everyTestVectorInTheDocumentHolds(String salt, String key, String utf8Hex, String hashHex, int bucket) {
        String text = salt.isEmpty() ? key : salt + ":" + key;
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        int hash = Integer.parseUnsignedInt(hashHex, 16);

        assertThat(HexFormat.of().formatHex(bytes)).isEqualTo(utf8Hex);
        assertThat(StickyHash.murmur3(bytes)).isEqualTo(hash);
        assertThat(StickyHash.hash(salt, key)).isEqualTo(hash);
        assertThat(StickyHash.bucket(salt, key)).isEqualTo(bucket);
    }

    @ParameterizedTest(name = "salt \"{0}\", key \"{1}\"")
    @CsvSource(delimiter = '|', value = {
            "''           | a\uD800b",        // lone high surrogate
            "''           | a\uDC00b",        // lone low surrogate
            "''           | \uDC00\uD800",    // reversed pair: two lone surrogates
            "''           | x\uD83D",         // high surrogate at the very end
            "''           | \uD83D\uDE00",    // a real pair (emoji)
            "'s\uD83D'    | k",               // salt ends in a high surrogate, then ':'
            "'s'          | \uDE00k",         // key starts with a low surrogate after ':'
            "'\u00e9\u4e2d' | \uD800\uDC00\uDBFF\uDFFF",
    })
    void streamingHashEqualsHashOfStringGetBytesEvenWithBrokenSurrogates(String salt, String key) {
        assertThat(StickyHash.hash(salt, key)).isEqualTo(reference(salt, key));
    }

    @Test
    void streamingHashEqualsHashOfStringGetBytesForRandomStrings() {
        long seed = Seeds.seed("streamingHashEqualsHashOfStringGetBytesForRandomStrings");
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < 20_000; i++) {
            String salt = random.nextInt(3) == 0 ? "" : randomText(random);
            String key = randomText(random);
            assertThat(StickyHash.hash(salt, key)).as("seed %d, salt %s, key %s", seed, salt, key)
                    .isEqualTo(reference(salt, key));
        }
    }

    @Test
    void asciiFastPathEqualsHashOfStringGetBytesForEveryLengthAndLateNonAscii() {
        long seed = Seeds.seed("asciiFastPathEqualsHashOfStringGetBytesForEveryLengthAndLateNonAscii");
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < 20_000; i++) {
            String salt = asciiText(random, random.nextInt(3) == 0 ? 0 : random.nextInt(1, 20));
            String key = asciiText(random, random.nextInt(40));
            if (random.nextInt(8) == 0 && !key.isEmpty()) {   // one non-ASCII char somewhere: the general path takes over
                int at = random.nextInt(key.length());
                key = key.substring(0, at) + "é" + key.substring(at + 1);
            }
            assertThat(StickyHash.hash(salt, key)).as("seed %d, salt %s, key %s", seed, salt, key)
                    .isEqualTo(reference(salt, key));
        }
    }

    @Test
    void aSaltHashedAheadOfTimeGivesTheSameBucketsAsHashingSaltAndKeyTogether() {
        long seed = Seeds.seed("aSaltHashedAheadOfTimeGivesTheSameBucketsAsHashingSaltAndKeyTogether");
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < 2_000; i++) {
            String salt = switch (random.nextInt(3)) {
                case 0 -> "";
                case 1 -> asciiText(random, random.nextInt(1, 20));
                default -> randomText(random);
            };
            StickyHash.Salted salted = new StickyHash.Salted(salt);
            for (int k = 0; k < 10; k++) {
                String key = random.nextBoolean() ? asciiText(random, random.nextInt(30)) : randomText(random);
                assertThat(salted.bucket(key)).as("seed %d, salt %s, key %s", seed, salt, key)
                        .isEqualTo(Integer.remainderUnsigned(reference(salt, key), StickyHash.BUCKETS));
            }
        }
        assertThat(new StickyHash.Salted(null).bucket("user-42")).isEqualTo(StickyHash.bucket(null, "user-42"));
    }

    private static String asciiText(SplittableRandom random, int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append((char) random.nextInt(0x00, 0x80));
        }
        return sb.toString();
    }

    @Test
    void nullSaltMeansNoSalt() {
        assertThat(StickyHash.bucket(null, "user-42")).isEqualTo(StickyHash.bucket("", "user-42")).isEqualTo(2080);
    }

    @Test
    void theSameKeyAlwaysLandsInTheSameBucket() {
        String key = "user-" + 42;   // a distinct String instance from the literal
        assertThat(StickyHash.bucket("exp", key)).isEqualTo(StickyHash.bucket("exp", "user-42"));
        assertThat(StickyHash.bucket("exp", new String(key.toCharArray()))).isEqualTo(StickyHash.bucket("exp", key));
    }

    private static int reference(String salt, String key) {
        String text = salt.isEmpty() ? key : salt + ":" + key;
        return StickyHash.murmur3(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Up to 12 chars mixing ASCII, 2- and 3-byte chars, surrogate pairs and lone surrogates. */
    private static String randomText(SplittableRandom random) {
        int length = random.nextInt(13);
        StringBuilder sb = new StringBuilder(length * 2);
        for (int i = 0; i < length; i++) {
            switch (random.nextInt(6)) {
                case 0, 1 -> sb.append((char) random.nextInt(0x20, 0x7F));
                case 2 -> sb.append((char) random.nextInt(0x80, 0x800));
                case 3 -> sb.append((char) random.nextInt(0x800, 0xD800));
                case 4 -> sb.appendCodePoint(random.nextInt(0x10000, 0x110000));
                default -> sb.append((char) random.nextInt(0xD800, 0xE000));
            }
        }
        return sb.toString();
    }
}
