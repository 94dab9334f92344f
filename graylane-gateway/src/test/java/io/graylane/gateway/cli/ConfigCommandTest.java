package io.graylane.gateway.cli;

import io.graylane.consul.KvConfigHistory;
import io.graylane.testkit.consul.ConsulSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code graylane config push|diff|history|rollback}, in-process, against the Consul simulator over HTTP. */
class ConfigCommandTest {

    private static final String KEY = "graylane/config";
    private static final String V1 = """
            lanes: {stable: {}, canary: {fallback: stable}}
            coloring: {defaultLane: stable}
            """;
    private static final String V2 = """
            # beta users go to canary
            lanes: {stable: {}, canary: {fallback: stable}}
            coloring:
              defaultLane: stable
              rules: [{name: beta, lane: canary, when: {header: {name: X-User-Group, equals: beta}}}]
            """;

    @TempDir
    Path dir;

    private final ConsulSimulator sim = ConsulSimulator.start();

    @AfterEach
    void stop() {
        sim.close();
    }

    private Path file(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }

    private CliRun config(String... args) {
        return run(null, args);
    }

    /** Runs {@code graylane config ARGS…}; {@code beforeWrite}, when given, runs between the read and the write. */
    private CliRun run(Runnable beforeWrite, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = GraylaneCli.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        CommandLine group = cl.getSubcommands().get("config");
        for (CommandLine sub : group.getSubcommands().values()) {
            if (sub.getCommand() instanceof ConfigPushCommand p) {
                p.consul.environment = name -> null;
                if (beforeWrite != null) {
                    p.beforeWrite = beforeWrite;
                }
            } else if (sub.getCommand() instanceof ConfigRollbackCommand r) {
                r.consul.environment = name -> null;
                if (beforeWrite != null) {
                    r.beforeWrite = beforeWrite;
                }
            }
        }
        String[] all = new String[args.length + 5];
        all[0] = "config";
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = "--consul-addr";
        all[args.length + 2] = sim.address().toString();
        all[args.length + 3] = "--consul-key";
        all[args.length + 4] = KEY;
        int code = cl.execute(all);
        return new CliRun(code, out.toString(), err.toString());
    }

    @Test
    void pushWritesTheFileToTheKeyAndRecordsItInTheHistory() throws Exception {
        CliRun push = config("push", file("v1.yaml", V1).toString(), "--note", "first");

        assertThat(push.exitCode()).as(push.err()).isZero();
        long index = sim.kv().modifyIndex(KEY);
        assertThat(push.out()).isEqualTo("pushed " + dir.resolve("v1.yaml") + " to consul:" + KEY + ": index " + index
                + " (new key); recorded in " + KEY + ".history/\n");
        assertThat(sim.kv().get(KEY)).hasValue(V1);
        assertThat(sim.kv().get(KvConfigHistory.entryKey(KEY, index))).hasValueSatisfying(v -> assertThat(v).contains("\"note\":\"first\""));
    }

    @Test
    void pushRefusesAnInvalidFileWithTheErrorsValidatePrints() throws Exception {
        Path bad = file("bad.yaml", "lanes: {stable: {}}\ncoloring: {defaultLane: stabel}\n");

        CliRun push = config("push", bad.toString());

        assertThat(push.exitCode()).isEqualTo(1);
        assertThat(push.err()).contains("coloring.defaultLane: \"stabel\"", "not pushed: " + bad + " is not valid");
        assertThat(sim.kv().get(KEY)).isEmpty();
    }

    @Test
    void pushIsRefusedWhenSomeoneElseChangedTheKeySinceItWasRead() throws Exception {
        config("push", file("v1.yaml", V1).toString());
        long read = sim.kv().modifyIndex(KEY);
        String theirs = V1 + "# someone else's edit\n";

        CliRun push = run(() -> sim.kv().put(KEY, theirs), "push", file("v2.yaml", V2).toString());

        long now = sim.kv().modifyIndex(KEY);
        assertThat(push.exitCode()).isEqualTo(ConfigCommand.CONFLICT);
        assertThat(push.err()).isEqualTo("refused: " + KEY + " changed since it was read (index " + read + " → " + now
                + "); run `graylane config diff " + dir.resolve("v2.yaml") + "` and push again\n");
        assertThat(sim.kv().get(KEY)).hasValue(theirs);
    }

    @Test
    void pushWithAnOldIfIndexIsRefused() throws Exception {
        config("push", file("v1.yaml", V1).toString());
        long seen = sim.kv().modifyIndex(KEY);
        config("push", file("v2.yaml", V2).toString());

        CliRun push = config("push", dir.resolve("v1.yaml").toString(), "--if-index", Long.toString(seen));

        assertThat(push.exitCode()).isEqualTo(ConfigCommand.CONFLICT);
        assertThat(push.err()).startsWith("refused: " + KEY + " changed since it was read (index " + seen + " → ");
        assertThat(sim.kv().get(KEY)).hasValue(V2);
    }

    @Test
    void pushingTheLiveTextAgainWritesNothing() throws Exception {
        Path v1 = file("v1.yaml", V1);
        config("push", v1.toString());
        long index = sim.kv().modifyIndex(KEY);

        CliRun again = config("push", v1.toString());

        assertThat(again.exitCode()).isZero();
        assertThat(again.out()).contains("holds " + v1 + " already (index " + index + "); nothing pushed");
        assertThat(sim.kv().modifyIndex(KEY)).isEqualTo(index);
    }

    @Test
    void diffIsEmptyForTheSameConfigInAnotherStyleAndUnifiedOtherwise() throws Exception {
        config("push", file("v1.yaml", V1).toString());
        long index = sim.kv().modifyIndex(KEY);
        Path json = file("v1.json", "{\"lanes\": {\"stable\": {}, \"canary\": {\"fallback\": \"stable\"}},"
                + " \"coloring\": {\"defaultLane\": \"stable\"}}");

        CliRun same = config("diff", json.toString());
        CliRun different = config("diff", file("v2.yaml", V2).toString());

        assertThat(same.exitCode()).isZero();
        assertThat(same.out()).isEqualTo("no differences: " + json + " matches consul:" + KEY + " (index " + index + ")\n");
        assertThat(different.exitCode()).isEqualTo(1);
        assertThat(different.out()).isEqualTo("""
                --- consul:%s (index %d)
                +++ %s
                @@ -4,3 +4,10 @@
                     fallback: stable
                 coloring:
                   defaultLane: stable
                +  rules:
                +    - name: beta
                +      lane: canary
                +      when:
                +        header:
                +          name: X-User-Group
                +          equals: beta
                """.formatted(KEY, index, dir.resolve("v2.yaml")));
    }

    @Test
    void historyListsEveryVersionNewestFirstWithTheLiveOneMarked() throws Exception {
        config("push", file("v1.yaml", V1).toString(), "--note", "first");
        long first = sim.kv().modifyIndex(KEY);
        config("push", file("v2.yaml", V2).toString(), "--note", "beta to canary");
        long second = sim.kv().modifyIndex(KEY);

        CliRun history = config("history");

        assertThat(history.exitCode()).isZero();
        String[] lines = history.out().split("\n");
        assertThat(lines[0]).startsWith("  VERSION");
        assertThat(lines[1]).startsWith("* " + second).contains("push", "beta to canary");
        assertThat(lines[2]).startsWith("  " + first).contains("push", "first");
        assertThat(lines).hasSize(3);
    }

    @Test
    void rollbackWritesTheChosenVersionBackWithCheckAndSet() throws Exception {
        config("push", file("v1.yaml", V1).toString());
        long first = sim.kv().modifyIndex(KEY);
        config("push", file("v2.yaml", V2).toString());
        long second = sim.kv().modifyIndex(KEY);

        CliRun rollback = config("rollback", "--to", Long.toString(first));

        long now = sim.kv().modifyIndex(KEY);
        assertThat(rollback.exitCode()).as(rollback.err()).isZero();
        assertThat(rollback.out()).isEqualTo("rolled back consul:" + KEY + " to version " + first + ": written at index "
                + now + " (was " + second + "); every gateway watching the key converges on it\n");
        assertThat(sim.kv().get(KEY)).hasValue(V1);
        assertThat(config("history").out()).contains("* " + now).contains("rollback to " + first + " (from " + second + ")");
    }

    @Test
    void rollbackIsRefusedWhenTheKeyChangesBetweenTheReadAndTheWrite() throws Exception {
        config("push", file("v1.yaml", V1).toString());
        long first = sim.kv().modifyIndex(KEY);
        config("push", file("v2.yaml", V2).toString());

        CliRun rollback = run(() -> sim.kv().put(KEY, V2 + "# hotfix\n"), "rollback", "--to", Long.toString(first));

        assertThat(rollback.exitCode()).isEqualTo(ConfigCommand.CONFLICT);
        assertThat(rollback.err()).contains("changed since it was read", "run `graylane config history` and roll back again");
        assertThat(sim.kv().get(KEY)).hasValue(V2 + "# hotfix\n");
    }

    @Test
    void rollbackToAnUnknownVersionNamesTheKnownOnes() throws Exception {
        config("push", file("v1.yaml", V1).toString());
        long first = sim.kv().modifyIndex(KEY);

        CliRun rollback = config("rollback", "--to", "99999");

        assertThat(rollback.exitCode()).isEqualTo(1);
        assertThat(rollback.err()).isEqualTo("graylane config rollback: --to 99999: no such version in " + KEY
                + ".history/ (expected: one of " + first + ")\n");
    }

    @Test
    void anUnreachableConsulIsAnIoError() throws Exception {
        Path v1 = file("v1.yaml", V1);
        sim.close();

        CliRun push = config("push", v1.toString());

        assertThat(push.exitCode()).isEqualTo(2);
        assertThat(push.err()).startsWith("graylane config push: ");
    }

    @Test
    void helpListsTheConfigCommands() {
        CliRun help = CliRun.of("config", "--help");

        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("push", "diff", "history", "rollback", "Exit codes");
        assertThat(CliRun.of("config", "push", "--help").out()).contains("--consul-key=KEY", "--consul-addr=ADDR",
                "--consul-token=TOKEN", "--if-index=INDEX", "--note=TEXT");
    }
}
