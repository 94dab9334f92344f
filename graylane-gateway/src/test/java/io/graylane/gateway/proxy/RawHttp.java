package io.graylane.gateway.proxy;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A deliberately dumb HTTP/1.1 client over a plain socket, so tests can send exactly the bytes they
 * mean (hostile framing, hop-by-hop headers the JDK client refuses to send) and read responses one by
 * one on a kept-alive connection. Public so that middleware tests can use it too.
 */
public final class RawHttp implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    public RawHttp(int port) {
        try {
            socket = new Socket(InetAddress.getLoopbackAddress(), port);
            socket.setSoTimeout(10_000);
            in = new java.io.BufferedInputStream(socket.getInputStream());
            out = socket.getOutputStream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends {@code request} (CRLF line ends written by the caller) and reads one response. */
    public static Response exchange(int port, String request) {
        try (RawHttp http = new RawHttp(port)) {
            http.send(request);
            return http.read();
        }
    }

    /** A GET for {@code path} with {@code Host: test} and the given extra header lines. */
    public static String get(String path, String... headerLines) {
        StringBuilder sb = new StringBuilder("GET ").append(path).append(" HTTP/1.1\r\nHost: test\r\n");
        for (String h : headerLines) {
            sb.append(h).append("\r\n");
        }
        return sb.append("\r\n").toString();
    }

    public void send(String request) {
        send(request.getBytes(StandardCharsets.ISO_8859_1));
    }

    public void send(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads one response: status line, headers, and a body framed by Content-Length, chunks or the close. */
    public Response read() {
        try {
            String statusLine = line();
            String[] parts = statusLine.split(" ", 3);
            int status = Integer.parseInt(parts[1]);
            Map<String, List<String>> headers = new LinkedHashMap<>();
            for (String l = line(); !l.isEmpty(); l = line()) {
                int colon = l.indexOf(':');
                headers.computeIfAbsent(l.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                        .add(l.substring(colon + 1).trim());
            }
            Response head = new Response(status, headers, new byte[0]);
            byte[] body;
            if (status / 100 == 1 || status == 204 || status == 304) {
                body = new byte[0];
            } else if ("chunked".equalsIgnoreCase(head.header("transfer-encoding"))) {
                body = chunked();
            } else if (head.header("content-length") != null) {
                body = in.readNBytes(Integer.parseInt(head.header("content-length")));
            } else {
                body = in.readAllBytes();
            }
            return new Response(status, headers, body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a response to a HEAD request: headers only. */
    public Response readHead() {
        try {
            String[] parts = line().split(" ", 3);
            Map<String, List<String>> headers = new LinkedHashMap<>();
            for (String l = line(); !l.isEmpty(); l = line()) {
                int colon = l.indexOf(':');
                headers.computeIfAbsent(l.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                        .add(l.substring(colon + 1).trim());
            }
            return new Response(Integer.parseInt(parts[1]), headers, new byte[0]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads until the server closes the connection. */
    public byte[] readToEnd() {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            return new byte[0];
        }
    }

    /** Whether the server closed the connection (reads end of stream within the socket timeout). */
    public boolean closedByServer() {
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset
        }
    }

    private byte[] chunked() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = line();
            int semi = sizeLine.indexOf(';');
            int size = Integer.parseInt((semi < 0 ? sizeLine : sizeLine.substring(0, semi)).trim(), 16);
            if (size == 0) {
                while (!line().isEmpty()) {
                    // trailers
                }
                return body.toByteArray();
            }
            body.write(in.readNBytes(size));
            line();
        }
    }

    private String line() throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                throw new EOFException("connection closed after: " + sb);
            }
            if (c != '\r') {
                sb.append((char) c);
            }
        }
        return sb.toString();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing
        }
    }

    /** A response: status, headers by lower-case name, body bytes. */
    public record Response(int status, Map<String, List<String>> headers, byte[] body) {

        public String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null ? null : values.get(0);
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** The upstream's echo, parsed. */
        public Echo echo() {
            return Echo.parse(text());
        }
    }

    /** What {@link TestUpstream} echoed: which instance served and what it received. */
    public record Echo(String instance, String method, String uri, Map<String, List<String>> headers, int bodyLength,
                String bodySha256) {

        public static Echo parse(String text) {
            String instance = null;
            String method = null;
            String uri = null;
            int length = -1;
            String sha = null;
            Map<String, List<String>> headers = new LinkedHashMap<>();
            for (String l : text.split("\n")) {
                if (l.startsWith("instance: ")) {
                    instance = l.substring(10);
                } else if (l.startsWith("method: ")) {
                    method = l.substring(8);
                } else if (l.startsWith("uri: ")) {
                    uri = l.substring(5);
                } else if (l.startsWith("header: ")) {
                    String h = l.substring(8);
                    int colon = h.indexOf(": ");
                    headers.computeIfAbsent(h.substring(0, colon), k -> new ArrayList<>()).add(h.substring(colon + 2));
                } else if (l.startsWith("body-length: ")) {
                    length = Integer.parseInt(l.substring(13));
                } else if (l.startsWith("body-sha256: ")) {
                    sha = l.substring(13);
                }
            }
            if (instance == null) {
                throw new AssertionError("not an echo: " + text);
            }
            return new Echo(instance, method, uri, headers, length, sha);
        }

        public String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null ? null : values.get(0);
        }

        public List<String> headerValues(String name) {
            return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
        }
    }
}
