package io.graylane.gateway.middleware;

import io.graylane.core.model.Instance;
import io.graylane.core.route.Resolution;

import java.net.InetAddress;

/**
 * The access log line, in logfmt (space-separated {@code key=value}; a value with a space, quote,
 * {@code =} or a character outside printable ASCII is quoted and escaped; an absent one is {@code -}):
 *
 * <pre>
 * method=GET path=/web/x status=200 lane=canary rule=beta-users served=canary instance=web-2 duration_ms=3.214 bytes=512 client=203.0.113.9
 * </pre>
 *
 * followed by {@code attempts=N} when the request went upstream more than once and {@code aborted=true}
 * when it was cut off. The path has no query string (it may carry secrets). Stateless.
 */
final class AccessLogLine {

    private AccessLogLine() {
    }

    static String format(String method, String path, int status, String lane, String rule, Resolution resolution,
                         Instance instance, long durationNanos, long bytes, InetAddress client, int attempts,
                         boolean aborted) {
        StringBuilder sb = new StringBuilder(160);
        field(sb.append("method="), method);
        field(sb.append(" path="), path);
        sb.append(" status=");
        if (status == 0) {
            sb.append('-');
        } else {
            sb.append(status);
        }
        field(sb.append(" lane="), lane);
        field(sb.append(" rule="), rule);
        field(sb.append(" served="), resolution == null || resolution.rejected() ? null : resolution.servedLane());
        field(sb.append(" instance="), instance == null ? null : instance.id());
        long micros = Math.max(0, durationNanos / 1000);
        sb.append(" duration_ms=").append(micros / 1000).append('.');
        long frac = micros % 1000;
        if (frac < 100) {
            sb.append(frac < 10 ? "00" : "0");
        }
        sb.append(frac);
        sb.append(" bytes=").append(bytes);
        field(sb.append(" client="), client == null ? null : client.getHostAddress());
        if (attempts > 1) {
            sb.append(" attempts=").append(attempts);
        }
        if (aborted) {
            sb.append(" aborted=true");
        }
        return sb.toString();
    }

    private static void field(StringBuilder sb, String value) {
        if (value == null || value.isEmpty()) {
            sb.append('-');
            return;
        }
        boolean plain = true;
        for (int i = 0; i < value.length() && plain; i++) {
            char c = value.charAt(i);
            plain = c > ' ' && c < 0x7f && c != '"' && c != '=' && c != '\\';
        }
        if (plain) {
            sb.append(value);
            return;
        }
        sb.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < ' ' || c >= 0x7f) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        sb.append('"');
    }
}
