package io.graylane.gateway.cli;

import io.graylane.config.ConfigError;
import io.graylane.config.ConfigException;
import io.graylane.config.ConfigLoader;
import io.graylane.config.Format;
import io.graylane.core.config.GraylaneConfig;
import io.graylane.core.engine.Explanation;
import io.graylane.core.engine.LaneEngine;
import io.graylane.core.rule.MapRequestView;
import io.graylane.gateway.explain.ExplanationJson;
import io.graylane.gateway.explain.RequestOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.random.RandomGenerator;

/**
 * {@code graylane explain}: describes a request and prints which lane, rule, fallback, instance
 * subset and instance it would get, and why.
 */
@Command(name = "explain", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Show which lane, rule, instance subset and fallback a request would get, and why.",
                "Instances come from the config's static discovery section. Without --config the embedded",
                "demo config is used (docs/examples/demo.yaml)."},
        footer = {"", "Examples:",
                "  graylane explain -H 'X-User-Group: beta' --path /orders/42",
                "  graylane explain --config my.yaml -H 'X-User-ID: alice' --service orders --json",
                "  graylane explain --client-ip 127.0.0.1 -H 'X-Graylane-Lane: canary' --path /frontend"})
final class ExplainCommand implements Callable<Integer> {

    @Option(names = "--config", paramLabel = "FILE", description = "Config file (.yaml, .yml, .json). Default: the embedded demo config.")
    Path config;

    @Option(names = {"-H", "--header"}, paramLabel = "'Name: value'", description = "A request header (repeatable).")
    List<String> headers = new ArrayList<>();

    @Option(names = "--cookie", paramLabel = "NAME=VALUE", description = "A request cookie (repeatable).")
    List<String> cookies = new ArrayList<>();

    @Option(names = "--query", paramLabel = "NAME=VALUE", description = "A query parameter (repeatable).")
    List<String> query = new ArrayList<>();

    @Option(names = "--path", paramLabel = "/PATH", defaultValue = "/", description = "Request path, may include ?query (default: ${DEFAULT-VALUE}).")
    String path;

    @Option(names = "--method", paramLabel = "METHOD", defaultValue = "GET", description = "Request method (default: ${DEFAULT-VALUE}).")
    String method;

    @Option(names = "--client-ip", paramLabel = "IP", description = "The client's address, for CIDR rules and trust. Default: unknown (untrusted).")
    String clientIp;

    @Option(names = "--host", paramLabel = "HOST", description = "Host to match routes against (default: the Host header).")
    String host;

    @Option(names = "--service", paramLabel = "SERVICE", description = "Target service, instead of matching routes.")
    String service;

    @Option(names = "--seed", paramLabel = "N", description = "Seed for the weighted instance choice, for repeatable output.")
    Long seed;

    @Option(names = "--json", description = "Print the explanation as JSON.")
    boolean json;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        GraylaneConfig cfg;
        try {
            cfg = loadConfig();
        } catch (ConfigException e) {
            for (ConfigError error : e.errors()) {
                err.println(error);
            }
            err.flush();
            return 1;
        }
        MapRequestView request;
        try {
            request = RequestOptions.build(method, path, headers, cookies, query, clientIp);
        } catch (IllegalArgumentException e) {
            err.println("graylane explain: " + e.getMessage());
            err.flush();
            return 2;
        }
        RandomGenerator random = seed == null ? new SplittableRandom() : new SplittableRandom(seed);
        Explanation explanation = LaneEngine.create(cfg).explain(request, host, service, random, Instant.now());
        out.print(json ? ExplanationJson.render(explanation) : ExplanationText.render(explanation, cfg));
        out.flush();
        return 0;
    }

    private GraylaneConfig loadConfig() {
        ConfigLoader loader = new ConfigLoader();
        if (config != null) {
            return loader.load(config);
        }
        return loader.parse(EmbeddedDemo.text(), Format.YAML, EmbeddedDemo.NAME);
    }
}
