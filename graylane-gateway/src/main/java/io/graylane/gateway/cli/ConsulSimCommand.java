package io.graylane.gateway.cli;

import io.graylane.testkit.consul.ConsulSimulator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code graylane consul-sim}: runs Graylane's Consul HTTP API simulator as a local development
 * Consul on loopback, serving until stopped (Ctrl-C / SIGTERM).
 */
@Command(name = "consul-sim", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run the Consul API simulator on 127.0.0.1 as a local development Consul.",
                "It serves until stopped (Ctrl-C), in memory: data is gone when it stops.",
                "See docs/consul-simulator.md."},
        footer = {"", "Example:",
                "  graylane consul-sim --port 8500 &",
                "  curl -X PUT --data-binary @docs/examples/demo.yaml http://127.0.0.1:8500/v1/kv/graylane/demo"})
final class ConsulSimCommand implements Callable<Integer> {

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8500", description = "Port on 127.0.0.1 (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--datacenter", paramLabel = "DC", defaultValue = "dc1", description = "The local datacenter (default: ${DEFAULT-VALUE}).")
    String datacenter;

    @Option(names = "--datacenters", paramLabel = "DC", split = ",", description = "More datacenters reachable with ?dc= (comma-separated).")
    List<String> datacenters = List.of();

    @Option(names = "--enterprise", description = "Behave like Consul Enterprise: accept namespaces (?ns=).")
    boolean enterprise;

    @Option(names = "--acl-master-token", paramLabel = "TOKEN", description = "Enable ACLs with this management token.")
    String aclMasterToken;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        if (port < 0 || port > 65535) {
            spec.commandLine().getErr().println("graylane consul-sim: --port: " + port + " (expected: 0..65535)");
            return 2;
        }
        ConsulSimulator.Builder builder = ConsulSimulator.builder().port(port).datacenter(datacenter)
                .enterprise(enterprise);
        if (!datacenters.isEmpty()) {
            builder.datacenters(datacenters.toArray(new String[0]));
        }
        if (aclMasterToken != null) {
            builder.aclMasterToken(aclMasterToken);
        }
        ConsulSimulator sim = builder.start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sim.close();
            stopped.countDown();
        }, "consul-sim-shutdown"));
        PrintWriter out = spec.commandLine().getOut();
        out.println("consul-sim listening on " + sim.address() + " (datacenter " + sim.datacenter() + ")");
        out.println("export CONSUL_HTTP_ADDR=" + sim.address().getAuthority());
        out.flush();
        stopped.await();
        return 0;
    }
}
