package io.graylane.gateway.proxy.internal;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The decoders' header maps skip the name check only for the gateway's own names. */
class HeaderNamesTest {

    @Test
    void theGatewaysOwnNamesPassAndEveryOtherNameIsCheckedAsNettyChecksIt() {
        HttpHeaders headers = HeaderNames.FACTORY.newHeaders();

        headers.set(HeaderNames.X_FORWARDED_FOR, "10.0.0.1").set(HeaderNames.BAGGAGE, "graylane.lane=canary")
                .add(new AsciiString("X-Other"), "v").add("x-plain", "v");

        assertThat(headers.get("X-Forwarded-For")).isEqualTo("10.0.0.1");
        assertThat(headers.names()).hasSize(4);
        assertThatThrownBy(() -> headers.add(new AsciiString("bad name"), "v"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("token");
        assertThatThrownBy(() -> headers.add("x:y", "v")).isInstanceOf(IllegalArgumentException.class);
        // Values are still checked, whatever the name.
        assertThatThrownBy(() -> headers.set(HeaderNames.X_FORWARDED_HOST, "a\r\nb"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theSharedNamesAreWholeTokens() {
        for (AsciiString name : HeaderNames.RESPONSE_COMMON) {
            assertThatCode(() -> io.netty.handler.codec.http.DefaultHttpHeadersFactory.headersFactory()
                    .getNameValidator().validateName(new AsciiString(name.toString()))).doesNotThrowAnyException();
        }
        assertThat(HeaderNames.RESPONSE_COMMON).extracting(AsciiString::toString)
                .contains("Content-Length", "content-length", "Date", "Server");
        assertThat(HeaderNames.X_FORWARDED_PROTO.toString()).isEqualTo("x-forwarded-proto");
    }
}
