package io.graylane.config;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** "Did you mean" for misspelt keys and lane names: the closest candidate, if it is close enough. */
final class Suggestions {

    private Suggestions() {
    }

    /** The candidate nearest to {@code input}, when it differs by case/separators or by a few edits. */
    static Optional<String> closest(String input, Collection<String> candidates) {
        String normalized = normalize(input);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        String contained = null;
        for (String candidate : candidates) {
            String c = normalize(candidate);
            if (c.equals(normalized)) {
                return Optional.of(candidate);
            }
            // "default" for "defaultLane", "prefix" for "pathPrefix": a distinctive part of the real key.
            if (contained == null && normalized.length() >= 4 && c.length() >= 4
                    && (c.contains(normalized) || normalized.contains(c))) {
                contained = candidate;
            }
            int d = distance(input.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                bestDistance = d;
                best = candidate;
            }
        }
        // Allow about one edit per three characters, at most three: "lane" for "lan", not "name" for "id".
        int allowed = Math.min(3, Math.max(1, input.length() / 3));
        if (best != null && bestDistance <= allowed && bestDistance < input.length()) {
            return Optional.of(best);
        }
        return Optional.ofNullable(contained);
    }

    /** {@code ; did you mean "x"?} or the empty string. */
    static String didYouMean(String input, Collection<String> candidates) {
        return closest(input, candidates).map(s -> "; did you mean \"" + s + "\"?").orElse("");
    }

    private static String normalize(String s) {
        return s.replace("_", "").replace("-", "").toLowerCase(Locale.ROOT);
    }

    /** Optimal string alignment distance (Levenshtein plus adjacent transpositions). */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
