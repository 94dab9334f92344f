package io.graylane.gateway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Config documents as {@code graylane config diff} compares them: normalized (parsed as YAML or JSON and
 * written back as block YAML, so comments, quoting, flow style and JSON-vs-YAML do not show; key order is
 * kept, as lanes and rules depend on it) and compared line by line as a unified diff. Stateless.
 */
final class ConfigText {

    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
            .build());

    private ConfigText() {
    }

    /**
     * {@code text} normalized; empty for an empty document.
     *
     * @throws IllegalArgumentException when it is neither YAML nor JSON, with the parser's reason
     */
    static String normalize(String text) {
        try {
            JsonNode tree = YAML.readTree(text);
            if (tree == null || tree.isMissingNode() || tree.isNull()) {
                return "";
            }
            return YAML.writeValueAsString(tree);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("not YAML or JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new IllegalArgumentException("not YAML or JSON: " + e.getMessage(), e);
        }
    }

    /**
     * A unified diff ({@code ---}/{@code +++} headers, {@code @@} hunks with 3 lines of context) turning
     * {@code a} into {@code b}; empty when they are the same.
     */
    static String unifiedDiff(String aName, String a, String bName, String b) {
        List<String> x = lines(a);
        List<String> y = lines(b);
        // Longest common subsequence by dynamic programming: config documents are small.
        int n = x.size();
        int m = y.size();
        int[][] lcs = new int[n + 1][m + 1];
        for (int i = n - 1; i >= 0; i--) {
            for (int j = m - 1; j >= 0; j--) {
                lcs[i][j] = x.get(i).equals(y.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        List<String> ops = new ArrayList<>(); // each " line", "-line" or "+line"
        int i = 0;
        int j = 0;
        while (i < n || j < m) {
            if (i < n && j < m && x.get(i).equals(y.get(j))) {
                ops.add(" " + x.get(i++));
                j++;
            } else if (i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1])) {
                ops.add("-" + x.get(i++)); // removals before additions, as diff -u writes them
            } else {
                ops.add("+" + y.get(j++));
            }
        }
        if (ops.stream().allMatch(o -> o.startsWith(" "))) {
            return "";
        }
        StringBuilder out = new StringBuilder("--- " + aName + "\n+++ " + bName + "\n");
        int context = 3;
        int k = 0;
        while (k < ops.size()) {
            if (ops.get(k).startsWith(" ")) {
                k++;
                continue;
            }
            int start = Math.max(0, k - context);
            int end = k;
            // Extend the hunk while the next change is within 2 × context unchanged lines.
            while (end < ops.size()) {
                int next = end;
                while (next < ops.size() && !ops.get(next).startsWith(" ")) {
                    next++;
                }
                int gap = next;
                while (gap < ops.size() && ops.get(gap).startsWith(" ")) {
                    gap++;
                }
                if (gap < ops.size() && gap - next <= 2 * context) {
                    end = gap;
                } else {
                    end = Math.min(ops.size(), next + context);
                    break;
                }
            }
            int aStart = 1;
            int bStart = 1;
            for (int p = 0; p < start; p++) {
                aStart += ops.get(p).startsWith("+") ? 0 : 1;
                bStart += ops.get(p).startsWith("-") ? 0 : 1;
            }
            int aLen = 0;
            int bLen = 0;
            for (int p = start; p < end; p++) {
                aLen += ops.get(p).startsWith("+") ? 0 : 1;
                bLen += ops.get(p).startsWith("-") ? 0 : 1;
            }
            out.append("@@ -").append(range(aStart, aLen)).append(" +").append(range(bStart, bLen)).append(" @@\n");
            for (int p = start; p < end; p++) {
                out.append(ops.get(p)).append('\n');
            }
            k = end;
        }
        return out.toString();
    }

    /** A hunk range as diff -u writes it: {@code 4,3}; {@code 4} for one line; {@code 3,0} (the line before) for none. */
    private static String range(int start, int length) {
        return length == 1 ? Integer.toString(start) : (length == 0 ? start - 1 : start) + "," + length;
    }

    private static List<String> lines(String text) {
        if (text.isEmpty()) {
            return List.of();
        }
        List<String> all = List.of(text.split("\n", -1));
        return text.endsWith("\n") ? all.subList(0, all.size() - 1) : all;
    }
}
