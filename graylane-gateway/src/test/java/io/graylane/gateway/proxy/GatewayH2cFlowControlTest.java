package io.graylane.gateway.proxy;

import org.junit.jupiter.api.RepeatedTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Backpressure on HTTP/2 streams: a body larger than the stream windows, sent while the upstream
 * connection is still opening, makes the gateway pause and resume reading the client's stream. Each
 * resumption must send the client the WINDOW_UPDATE it waits for (Netty's stream channel writes it
 * without a flush; before the gateway flushed it, one upload in ten or so stalled). A fresh gateway
 * and upstream per repetition, so every upload meets an opening upstream connection.
 */
class GatewayH2cFlowControlTest {

    @RepeatedTest(15)
    void aLargeUploadToAFreshH2cUpstreamNeverStalls() {
        String big = "0123456789abcdef".repeat(20_000); // 320 KB, five initial stream windows
        try (H2Fixture fx = new H2Fixture(); H2TestClient client = new H2TestClient(fx.port())) {
            H2TestClient.Exchange ex = client.exchange(H2TestClient.request("POST", "/h2/big"), big, null);

            assertThat(ex.status()).isEqualTo("200");
            assertThat(ex.body()).contains("body: " + big + "\n");
        }
    }
}
