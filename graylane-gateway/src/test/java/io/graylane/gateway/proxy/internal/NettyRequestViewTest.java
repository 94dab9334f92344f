package io.graylane.gateway.proxy.internal;

import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;

import static org.assertj.core.api.Assertions.assertThat;

/** The request view reads the target, headers, cookies and query parameters in place. */
class NettyRequestViewTest {

    private final NettyRequestView view = new NettyRequestView(InetAddress.getLoopbackAddress());

    private static HttpRequest request(String uri, String... headers) {
        HttpRequest r = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, uri);
        for (int i = 0; i < headers.length; i += 2) {
            r.headers().add(headers[i], headers[i + 1]);
        }
        return r;
    }

    @ParameterizedTest(name = "{0} has path {1}")
    @CsvSource({
            "/, /",
            "/a/b, /a/b",
            "/a/b?x=1, /a/b",
            "/a?, /a",
            "http://test/a/b?x=1, /a/b",
            "http://test, /",
            "http://test?x=1, /",
            "/a/.b/..c/b.., /a/.b/..c/b..",
    })
    void pathIsTheTargetWithoutQueryOrAuthority(String uri, String path) {
        assertThat(view.reset(request(uri, "Host", "test"))).isNull();
        assertThat(view.path()).isEqualTo(path);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/..", "/.", "/a/../b", "/a/./b", "/a/%2e%2e/b", "/a/.%2E", "/a/%2e/b", "/a/..?x", "*",
            "https://test/", "http:///x", "/a#frag", "relative"})
    void unsafeTargetsAreRefused(String uri) {
        assertThat(view.reset(request(uri, "Host", "test"))).isNotNull();
    }

    @Test
    void originFormLosesTheAuthorityAndStrippingKeepsALeadingSlash() {
        view.reset(request("http://test/api/orders?x=1"));
        assertThat(view.targetAuthority()).isEqualTo("test");
        assertThat(view.originForm()).isEqualTo("/api/orders?x=1");
        assertThat(view.originFormWithout(4)).isEqualTo("/orders?x=1");

        view.reset(request("/api?x=1"));
        assertThat(view.originFormWithout(4)).isEqualTo("/?x=1");
        view.reset(request("/api/"));
        assertThat(view.originFormWithout(5)).isEqualTo("/");
    }

    @Test
    void originFormOfAnOriginFormTargetIsTheSameString() {
        HttpRequest r = request("/a/b?c");
        view.reset(r);

        assertThat(view.originForm()).isSameAs(r.uri());
        assertThat(view.path()).isEqualTo("/a/b");
    }

    @ParameterizedTest(name = "{0} -> {1}={2}")
    @CsvSource(nullValues = "null", value = {
            "a=1&b=2, b, 2",
            "a=1&a=2, a, 1",
            "a, a, ''",
            "a=, a, ''",
            "x%20y=z+w, x y, z w",
            "k=%E2%82%AC, k, €",
            "k=%zz&k=ok, k, ok",
            "ab=1, a, null",
            "=1, a, null",
    })
    void queryParametersAreDecodedOnDemand(String query, String name, String value) {
        view.reset(request("/p?" + query));

        assertThat(view.query(name)).isEqualTo(value);
    }

    @Test
    void queryIsAbsentWithoutAQueryString() {
        view.reset(request("/p"));

        assertThat(view.query("a")).isNull();
    }

    @Test
    void methodIsUpperCaseAndHeadersAreCaseInsensitive() {
        HttpRequest r = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.valueOf("purge"), "/");
        r.headers().add("X-User-Group", "beta");
        view.reset(r);

        assertThat(view.method()).isEqualTo("PURGE");
        assertThat(view.header("x-user-group")).isEqualTo("beta");
        assertThat(view.clientAddressBytes()).containsExactly(127, 0, 0, 1);
    }

    @ParameterizedTest(name = "{0} -> {1}={2}")
    @CsvSource(nullValues = "null", delimiter = '|', value = {
            "a=1; b=2 | b | 2",
            "a=1;b=2 | b | 2",
            "a=1; b=\"q v\" | b | q v",
            "a=1; ab=2 | b | null",
            "flag; b=2 | b | 2",
            "b = 3 | b | 3",
            "B=1 | b | null",
    })
    void cookieIsFoundWithoutParsingTheOthers(String line, String name, String value) {
        assertThat(Cookies.find(line, name)).isEqualTo(value);
    }
}
