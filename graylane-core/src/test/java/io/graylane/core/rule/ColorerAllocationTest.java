package io.graylane.core.rule;

import io.graylane.core.config.Coloring;
import io.graylane.core.net.Cidr;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/** The hot path allocates nothing: measured with the JVM's per-thread allocation counter, not timed. */
class ColorerAllocationTest {

    @Test
    void coloringAllocatesNothingPerRequestForEveryConditionKindButRegex() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeThat(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled()).isTrue();

        Coloring coloring = new Coloring("stable", List.of(
                new Rule("header", new Condition.Header("X-User-Group", new ValueMatch.Equals("beta")), "a"),
                new Rule("prefix-or-in", new Condition.AnyOf(List.of(
                        new Condition.Query("v", new ValueMatch.Prefix("v2-")),
                        new Condition.Cookie("tier", ValueMatch.In.of(List.of("gold", "platinum"))),
                        new Condition.Header("X-Absent", new ValueMatch.Present()))), "b"),
                new Rule("office", new Condition.AllOf(List.of(
                        new Condition.ClientCidr(List.of(Cidr.parse("10.0.0.0/8"), Cidr.parse("fd00::/8"))),
                        new Condition.Method(Set.of("GET", "POST")),
                        new Condition.Path(new ValueMatch.Prefix("/internal/")))), "c"),
                new Rule("sticky", new Condition.Sticky(StickyKey.parse("header:X-User-ID"), 500, "exp-ü"), "d"),
                new Rule("random", new Condition.AllOf(List.of(
                        new Condition.Not(new Condition.Header("X-No-Random", new ValueMatch.Absent())),
                        new Condition.Random(100))), "e")));
        Colorer colorer = Colorer.compile(coloring);
        RequestView[] requests = {
                MapRequestView.builder().header("X-User-Group", "beta").build(),
                MapRequestView.builder().cookie("tier", "gold").query("v", "v1").build(),
                MapRequestView.builder().method("POST").path("/internal/x").clientAddress("10.2.3.4").build(),
                MapRequestView.builder().header("X-User-ID", "用户-" + 12345).clientAddress("fd00::1").build(),
                MapRequestView.builder().header("X-No-Random", "1").header("X-User-ID", "user-9").build(),
        };

        long sink = 0;
        for (int i = 0; i < 200_000; i++) {   // warm up: let the JIT settle
            sink += colorer.color(requests[i % requests.length]).ruleIndex();
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 200_000; i++) {
            sink += colorer.color(requests[i % requests.length]).ruleIndex();
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        // Even one 16-byte object per call would be 3.2 MB; allow a little for the measurement itself.
        assertThat(allocated).as("bytes allocated by 200,000 color() calls (sink %d)", sink).isLessThan(16_384);
    }

    @Test
    void indexedColoringOfManyRulesAllocatesNothingPerRequest() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeThat(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled()).isTrue();

        List<Rule> rules = new java.util.ArrayList<>();
        for (int i = 0; i < 300; i++) {
            Condition c = switch (i % 6) {
                case 0 -> new Condition.Header("X-User-Group", new ValueMatch.Equals("g" + i));
                case 1 -> new Condition.Header("X-Client-Version", new ValueMatch.Prefix("9." + i + "."));
                case 2 -> new Condition.Path(new ValueMatch.Prefix("/svc" + i + "/"));
                case 3 -> new Condition.AllOf(List.of(new Condition.Cookie("tier", ValueMatch.In.of(List.of("t" + i, "u" + i))),
                        new Condition.Sticky(StickyKey.parse("header:X-User-ID"), 5000, "s" + i)));
                case 4 -> new Condition.AnyOf(List.of(new Condition.Query("lane", new ValueMatch.Equals("q" + i)),
                        new Condition.Header("X-Tenant", new ValueMatch.Equals("t" + i))));
                default -> new Condition.ClientCidr(List.of(Cidr.parse("10." + (i % 250) + ".0.0/16")));
            };
            rules.add(new Rule("r" + i, c, "canary"));
        }
        Colorer colorer = Colorer.compile(new Coloring("stable", rules));
        assertThat(colorer.indexed()).isTrue();
        RequestView[] requests = {
                MapRequestView.builder().header("X-User-Group", "g288").header("X-User-ID", "u1").build(),
                MapRequestView.builder().header("X-Client-Version", "9.271.3").path("/svc2/x").build(),
                MapRequestView.builder().path("/svc284/items").cookie("tier", "u285").build(),
                MapRequestView.builder().cookie("tier", "t87").header("X-User-ID", "user-7").build(),
                MapRequestView.builder().query("lane", "q4").header("X-Tenant", "t298").build(),
                MapRequestView.builder().header("X-User-Group", "none").clientAddress("10.29.1.1").build(),
        };

        long sink = 0;
        for (int i = 0; i < 200_000; i++) {
            sink += colorer.color(requests[i % requests.length]).ruleIndex();
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 200_000; i++) {
            sink += colorer.color(requests[i % requests.length]).ruleIndex();
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertThat(allocated).as("bytes allocated by 200,000 indexed color() calls (sink %d)", sink).isLessThan(16_384);
    }
}
