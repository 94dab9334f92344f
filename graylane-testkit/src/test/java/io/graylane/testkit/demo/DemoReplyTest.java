package io.graylane.testkit.demo;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DemoReplyTest {

    @Test
    void aReplyReadsBackFromItsText() {
        DemoReply reply = new DemoReply("frontend v2 → orders v1 (fallback: canary: no instances)",
                "frontend=canary, orders=canary");

        assertThat(reply.toString()).isEqualTo("frontend v2 → orders v1 (fallback: canary: no instances)\n"
                + "lanes received: frontend=canary, orders=canary\n");
        assertThat(DemoReply.parse(reply.toString())).isEqualTo(reply);
        assertThat(reply.laneOf("orders")).isEqualTo("canary");
        assertThat(reply.laneOf("payments")).isNull();
    }

    @Test
    void aBodyFromElsewhereBecomesItsFirstLine() {
        assertThat(DemoReply.parse("no route for host '-' and path '/x'\n"))
                .isEqualTo(new DemoReply("no route for host '-' and path '/x'", ""));
    }
}
