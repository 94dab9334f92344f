package io.graylane.gateway.cli;

import io.graylane.core.rule.StickyHash;
import io.graylane.testkit.demo.DemoReply;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class DemoCommandTest {

    private static final Duration BOUND = Duration.ofSeconds(30);
    private static final int[] FREE = {0, 0, 0};

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void helpDescribesTheDemo() {
        CliRun run = CliRun.of("demo", "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("--port=PORT", "--upstream-ports=PORTS", "Ctrl-C", "docs/examples/demo.yaml");
    }

    @Test
    void topLevelHelpListsDemo() {
        assertThat(CliRun.of("--help").out()).contains("demo        Run the demo");
    }

    @Test
    void everyPrintedCurlShowsWhatItsCommentSays() throws Exception {
        try (DemoGateway demo = DemoGateway.start(ServerOptions.check(0, "127.0.0.1", 2), FREE)) {
            for (DemoTry t : DemoTry.ALL) {
                // Three times: the sticky lines promise "every time".
                for (int i = 0; i < 3; i++) {
                    HttpRequest.Builder req = HttpRequest.newBuilder(demo.uri().resolve(t.path()));
                    t.headers().forEach(req::header);
                    HttpResponse<String> r = http.send(req.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));

                    assertThat(r.statusCode()).as(t.curl(demo.uri())).isEqualTo(200);
                    assertThat(DemoReply.parse(r.body()).chain()).as(t.curl(demo.uri())).isEqualTo(t.chain());
                    if (t.debug() != null) {
                        assertThat(r.headers().firstValue("X-Graylane-Debug")).as(t.curl(demo.uri())).hasValue(t.debug());
                    }
                }
            }
        }
    }

    @Test
    void theStickyBucketsThePrintedLinesQuoteAreTheRealOnes() {
        assertThat(StickyHash.bucket(null, "victor")).isEqualTo(1);
        assertThat(StickyHash.bucket(null, "alice")).isEqualTo(3405);
        assertThat(DemoTry.ALL).anySatisfy(t -> assertThat(t.why()).contains("victor", "bucket 1)"))
                .anySatisfy(t -> assertThat(t.why()).contains("alice", "bucket 3405"));
    }

    @Test
    void theBannerNamesTheGatewayTheUpstreamsAndPastableCurls() {
        try (DemoGateway demo = DemoGateway.start(ServerOptions.check(0, "127.0.0.1", 2), FREE)) {
            StringWriter text = new StringWriter();
            DemoCommand.banner(new PrintWriter(text), demo);
            URI uri = demo.uri();

            assertThat(text.toString())
                    .contains("Graylane demo: gateway on " + uri + " (transport ")
                    .contains("config embedded demo.yaml version " + demo.snapshot().version())
                    .contains("frontend v2  on 127.0.0.1:" + demo.topology().ports().get("frontend-v2"))
                    .contains("  curl -s -H 'X-User-Group: beta' " + uri + "/frontend ")
                    .contains("# frontend v2 → orders v1 (fallback: canary: no instances) — rule beta-users: lane canary")
                    .contains("  curl -s --cookie canary=1 " + uri + "/frontend ")
                    .contains("graylane explain -H 'X-Graylane-Lane: canary' --path /frontend");
        }
    }

    @Test
    void aGatewayPortInUseIsAUsageErrorNamingIt() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();

            CliRun run = run("demo", "--port", String.valueOf(port), "--upstream-ports", "0");

            assertThat(run.exitCode()).isEqualTo(2);
            assertThat(run.err()).startsWith("graylane demo: --port: " + port + " on 127.0.0.1 is in use (");
        }
    }

    @Test
    void anUpstreamPortInUseIsAUsageErrorNamingItAndTheWayOut() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();

            CliRun run = run("demo", "--port", "0", "--upstream-ports", "0,0," + port);

            assertThat(run.exitCode()).isEqualTo(2);
            assertThat(run.err()).startsWith("graylane demo: upstream orders-v1: port " + port + " on 127.0.0.1 is in use")
                    .contains("choose other ports with --upstream-ports (0 picks free ones)");
        }
    }

    @Test
    void badPortOptionsAreNamed() {
        CliRun port = run("demo", "--port", "-1");
        CliRun upstreams = run("demo", "--port", "0", "--upstream-ports", "18081,18082");

        assertThat(port.exitCode()).isEqualTo(2);
        assertThat(port.err()).isEqualTo("graylane demo: --port: -1 (expected: 0..65535)\n");
        assertThat(upstreams.exitCode()).isEqualTo(2);
        assertThat(upstreams.err()).isEqualTo("graylane demo: --upstream-ports: 18081,18082 (expected: three ports "
                + "0..65535, comma-separated, for frontend v1, frontend v2 and orders v1; or 0)\n");
    }

    /** A command that unexpectedly started serving would never return: fail instead of hanging. */
    private static CliRun run(String... args) {
        return assertTimeoutPreemptively(BOUND, () -> CliRun.of(args));
    }
}
