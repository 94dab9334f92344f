package io.graylane.bench;

import io.graylane.core.config.Coloring;
import io.graylane.core.net.Cidr;
import io.graylane.core.rule.Colorer;
import io.graylane.core.rule.Condition;
import io.graylane.core.rule.MapRequestView;
import io.graylane.core.rule.Rule;
import io.graylane.core.rule.StickyHash;
import io.graylane.core.rule.StickyKey;
import io.graylane.core.rule.ValueMatch;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A deterministic (seeded), realistic rule set for the benchmarks, and requests shaped to match an
 * early rule, a late rule or none. Mostly header rules on a handful of header names with a distinct
 * value per rule, plus cookie, query, path, method, client-network and sticky rules and a few
 * all-of / any-of / not combinations. No regexes: {@link RegexBenchmark} prices those separately.
 * Built once per trial, never on the measured path.
 */
final class RuleMix {

    /** The lanes rules assign (besides the default {@code stable}); see {@link Fleet}. */
    static final String[] LANES = {"canary", "beta", "feature-x"};

    /** One generated rule: its condition, and how to make a request satisfy it. */
    private record Spec(Condition condition, Satisfier satisfier) {
    }

    @FunctionalInterface
    private interface Satisfier {
        /** Adds to {@code b} what the rule needs; may search (sticky buckets) with {@code r}. */
        void apply(MapRequestView.Builder b, SplittableRandom r);
    }

    private final List<Spec> specs;
    private final Coloring coloring;

    private RuleMix(List<Spec> specs, Coloring coloring) {
        this.specs = specs;
        this.coloring = coloring;
    }

    /** {@code n} rules drawn from the mix with a fixed seed: the same rules on every run and JDK. */
    static RuleMix generate(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<Spec> specs = new ArrayList<>(n);
        List<Rule> rules = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Spec spec = spec(i, r);
            specs.add(spec);
            rules.add(new Rule("r" + i, spec.condition(), LANES[r.nextInt(LANES.length)]));
        }
        return new RuleMix(specs, new Coloring("stable", rules));
    }

    Coloring coloring() {
        return coloring;
    }

    int size() {
        return specs.size();
    }

    private static Spec spec(int i, SplittableRandom r) {
        int roll = r.nextInt(100);
        // Cumulative weights in percent; header equality dominates, as in real canary configs.
        if (roll < 28) {                                                      // 28 % header equals
            String[] names = {"X-User-Group", "X-Tenant", "X-Region", "X-Canary"};
            String name = names[r.nextInt(names.length)];
            String value = name.substring(2, 4).toLowerCase() + i;
            return new Spec(header(name, new ValueMatch.Equals(value)), (b, x) -> b.header(name, value));
        }
        if (roll < 36) {                                                      // 8 % header in
            List<String> values = List.of("t" + i + "a", "t" + i + "b", "t" + i + "c");
            return new Spec(header("X-Tenant", ValueMatch.In.of(values)),
                    (b, x) -> b.header("X-Tenant", values.get(x.nextInt(values.size()))));
        }
        if (roll < 44) {                                                      // 8 % header prefix
            String prefix = "9." + i + ".";
            return new Spec(header("X-Client-Version", new ValueMatch.Prefix(prefix)),
                    (b, x) -> b.header("X-Client-Version", prefix + x.nextInt(10)));
        }
        if (roll < 51) {                                                      // 7 % cookie equals / in
            if (r.nextBoolean()) {
                String value = "tier" + i;
                return new Spec(new Condition.Cookie("tier", new ValueMatch.Equals(value)), (b, x) -> b.cookie("tier", value));
            }
            List<String> values = List.of("opt" + i, "opt" + i + "-all");
            return new Spec(new Condition.Cookie("beta-optin", ValueMatch.In.of(values)),
                    (b, x) -> b.cookie("beta-optin", values.get(x.nextInt(2))));
        }
        if (roll < 56) {                                                      // 5 % query equals
            String value = "q" + i;
            return new Spec(new Condition.Query("lane", new ValueMatch.Equals(value)), (b, x) -> b.query("lane", value));
        }
        if (roll < 64) {                                                      // 8 % path prefix
            String prefix = "/svc" + i + "/";
            return new Spec(new Condition.Path(new ValueMatch.Prefix(prefix)), (b, x) -> b.path(prefix + "items/42"));
        }
        if (roll < 68) {                                                      // 4 % method + path
            String prefix = "/admin" + i + "/";
            return new Spec(new Condition.AllOf(List.of(new Condition.Method(Set.of("POST", "PUT")),
                    new Condition.Path(new ValueMatch.Prefix(prefix)))),
                    (b, x) -> b.method("POST").path(prefix + "users"));
        }
        if (roll < 72) {                                                      // 4 % client network
            String net = "10." + (i >> 8 & 0xFF) + "." + (i & 0xFF) + ".";
            return new Spec(new Condition.ClientCidr(List.of(Cidr.parse(net + "0/24"))),
                    (b, x) -> b.clientAddress(net + (1 + x.nextInt(250))));
        }
        if (roll < 82) {                                                      // 10 % tenant + sticky 5 %
            String tenant = "ts" + i;
            String salt = "roll" + i;
            return new Spec(new Condition.AllOf(List.of(header("X-Tenant", new ValueMatch.Equals(tenant)),
                    new Condition.Sticky(StickyKey.parse("header:X-User-ID"), 500, salt))),
                    (b, x) -> b.header("X-Tenant", tenant).header("X-User-ID", stickyKey(salt, 500, x)));
        }
        if (roll < 84) {                                                      // 2 % sticky 0.2 % of everyone
            String salt = "exp" + i;
            return new Spec(new Condition.Sticky(StickyKey.parse("cookie:uid"), 20, salt),
                    (b, x) -> b.cookie("uid", stickyKey(salt, 20, x)));
        }
        if (roll < 90) {                                                      // 6 % any-of header / cookie
            String group = "ga" + i;
            String tier = "ta" + i;
            return new Spec(new Condition.AnyOf(List.of(header("X-User-Group", new ValueMatch.Equals(group)),
                    new Condition.Cookie("tier", new ValueMatch.Equals(tier)))),
                    (b, x) -> {
                        if (x.nextBoolean()) {
                            b.header("X-User-Group", group);
                        } else {
                            b.cookie("tier", tier);
                        }
                    });
        }
        if (roll < 95) {                                                      // 5 % region but not legacy devices
            String region = "rn" + i;
            return new Spec(new Condition.AllOf(List.of(header("X-Region", new ValueMatch.Equals(region)),
                    new Condition.Not(header("X-Device", new ValueMatch.Equals("legacy"))))),
                    (b, x) -> b.header("X-Region", region));
        }
        // 5 % android clients of one version line (many rules share the device value)
        String prefix = "8." + i + ".";
        return new Spec(new Condition.AllOf(List.of(header("X-Device", new ValueMatch.Equals("android")),
                header("X-Client-Version", new ValueMatch.Prefix(prefix)))),
                (b, x) -> b.header("X-Device", "android").header("X-Client-Version", prefix + "1"));
    }

    private static Condition header(String name, ValueMatch match) {
        return new Condition.Header(name, match);
    }

    /** A user id whose sticky bucket under {@code salt} is below {@code basisPoints}. */
    private static String stickyKey(String salt, int basisPoints, SplittableRandom r) {
        while (true) {
            String key = "user-" + r.nextInt(100_000_000);
            if (StickyHash.bucket(salt, key) < basisPoints) {
                return key;
            }
        }
    }

    /**
     * A request carrying the usual background (user id, tenant, region, client version, device, a
     * session cookie, a path and a client address) with values no rule asks for.
     */
    private static MapRequestView.Builder background(SplittableRandom r) {
        int k = r.nextInt(1_000_000);
        return MapRequestView.builder()
                .method(r.nextInt(4) == 0 ? "POST" : "GET")
                .path("/api/orders/" + k)
                .header("Host", "shop.example.com")
                .header("User-Agent", "Mozilla/5.0 (bench)")
                .header("Accept", "application/json")
                .header("X-Request-ID", "req-" + Long.toHexString(r.nextLong()))
                .header("X-User-ID", "user-" + k)
                .header("X-Tenant", "tenant-" + (k % 500))
                .header("X-Region", "eu-west-" + (k % 3))
                .header("X-Client-Version", "1." + (k % 20) + "." + (k % 7))
                .header("X-Device", k % 5 == 0 ? "legacy" : "web")
                .cookie("session", Long.toHexString(r.nextLong()))
                .cookie("uid", "u" + k)
                .query("page", Integer.toString(k % 10))
                .clientAddress("192.168." + (k >> 8 & 0xFF) + "." + (k & 0xFF));
    }

    /** Request shapes: which rule (if any) the request matches first. */
    enum Shape {
        /** Matches a rule in the first tenth of the list. */
        EARLY,
        /** Matches a rule in the last tenth of the list (so most rules are tried first). */
        LATE,
        /** Matches no rule: the worst case, every rule is considered. */
        NONE
    }

    /**
     * {@code count} distinct prebuilt requests of {@code shape}, checked against the rules: each
     * first matches a rule in the shape's range, or none.
     */
    MapRequestView[] requests(Shape shape, int count, long seed) {
        Colorer colorer = Colorer.compile(coloring);
        SplittableRandom r = new SplittableRandom(seed);
        int n = specs.size();
        int tenth = Math.max(1, n / 10);
        MapRequestView[] out = new MapRequestView[count];
        int made = 0;
        for (int attempt = 0; made < count; attempt++) {
            if (attempt > count * 1000) {
                throw new IllegalStateException("cannot make " + shape + " requests for " + n + " rules");
            }
            MapRequestView.Builder b = background(r);
            int lo;
            int hi;
            switch (shape) {
                case EARLY -> {
                    lo = 0;
                    hi = tenth;
                }
                case LATE -> {
                    lo = n - tenth;
                    hi = n;
                }
                default -> {
                    lo = -1;
                    hi = 0;
                }
            }
            if (lo >= 0) {
                specs.get(lo + r.nextInt(hi - lo)).satisfier().apply(b, r);
            }
            MapRequestView request = b.build();
            int first = colorer.color(request).ruleIndex();
            boolean ok = lo < 0 ? first < 0 : first >= lo && first < hi;
            if (ok) {
                out[made++] = request;
            }
        }
        return out;
    }
}
