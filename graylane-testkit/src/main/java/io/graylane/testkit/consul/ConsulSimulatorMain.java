package io.graylane.testkit.consul;

import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the simulator standalone:
 * {@code --port 8500 --datacenter dc1 [--datacenters dc2,dc3] [--enterprise] [--acl-master-token T] [--node-name N]}.
 * Prints {@code consul-sim listening on http://127.0.0.1:8500 (datacenter dc1)} and serves until SIGTERM/Ctrl-C.
 */
public final class ConsulSimulatorMain {

    private ConsulSimulatorMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        ConsulSimulator.Builder builder;
        try {
            builder = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("consul-sim: " + e.getMessage());
            usage(System.err);
            System.exit(2);
            return;
        }
        if (builder == null) {
            usage(System.out);
            return;
        }
        ConsulSimulator sim = builder.start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sim.close();
            stopped.countDown();
        }, "consul-sim-shutdown"));
        System.out.println(banner(sim));
        System.out.flush();
        stopped.await();
    }

    /** The line printed once listening. */
    static String banner(ConsulSimulator sim) {
        return "consul-sim listening on " + sim.address() + " (datacenter " + sim.datacenter() + ")";
    }

    /** Parses the command line; null means help was asked for. */
    static ConsulSimulator.Builder parse(String[] args) {
        ConsulSimulator.Builder b = ConsulSimulator.builder().port(8500);
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "-h", "--help" -> {
                    return null;
                }
                case "--enterprise" -> b.enterprise(true);
                case "--port" -> {
                    String v = value(args, ++i, arg);
                    try {
                        b.port(Integer.parseInt(v));
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("--port: " + v + " (expected: a number 0-65535)");
                    }
                }
                case "--datacenter" -> b.datacenter(value(args, ++i, arg));
                case "--datacenters" -> b.datacenters(value(args, ++i, arg).split(","));
                case "--acl-master-token" -> b.aclMasterToken(value(args, ++i, arg));
                case "--node-name" -> b.nodeName(value(args, ++i, arg));
                default -> throw new IllegalArgumentException("unknown option " + arg);
            }
        }
        return b;
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + ": missing value");
        }
        return args[i];
    }

    private static void usage(PrintStream out) {
        out.println("usage: consul-sim [--port 8500] [--datacenter dc1] [--datacenters dc2,dc3] [--enterprise]"
                + " [--acl-master-token TOKEN] [--node-name sim-node]");
    }
}
