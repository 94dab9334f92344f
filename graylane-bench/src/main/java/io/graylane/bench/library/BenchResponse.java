package io.graylane.bench.library;

import jakarta.servlet.http.HttpServletResponse;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A minimal in-memory {@link HttpServletResponse} for the filter benchmarks: status and headers, never
 * committed. Everything else throws {@link UnsupportedOperationException}. Not thread-safe.
 */
final class BenchResponse implements HttpServletResponse {

    private int status = 200;
    private final Map<String, List<String>> headers = new LinkedHashMap<>();

    /** Back to a fresh 200 without headers (what {@code ServletResponse.reset} promises, less the buffer). */
    @Override
    public void reset() {
        status = 200;
        headers.clear();
    }

    @Override
    public int getStatus() {
        return status;
    }

    @Override
    public void setStatus(int sc) {
        status = sc;
    }

    @Override
    public boolean isCommitted() {
        return false;
    }

    @Override
    public void addHeader(String name, String value) {
        headers.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>(1)).add(value);
    }

    @Override
    public void setHeader(String name, String value) {
        List<String> values = new ArrayList<>(1);
        values.add(value);
        headers.put(name.toLowerCase(Locale.ROOT), values);
    }

    @Override
    public String getHeader(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null ? null : values.get(0);
    }

    @Override
    public boolean containsHeader(String name) {
        return headers.containsKey(name.toLowerCase(Locale.ROOT));
    }

    private static UnsupportedOperationException unsupported(String method) {
        return new UnsupportedOperationException("BenchResponse." + method + " (not needed by the benchmark)");
    }

    @Override
    public java.lang.String getCharacterEncoding() {
        throw unsupported("getCharacterEncoding");
    }

    @Override
    public java.lang.String getContentType() {
        throw unsupported("getContentType");
    }

    @Override
    public jakarta.servlet.ServletOutputStream getOutputStream() throws java.io.IOException {
        throw unsupported("getOutputStream");
    }

    @Override
    public java.io.PrintWriter getWriter() throws java.io.IOException {
        throw unsupported("getWriter");
    }

    @Override
    public void setCharacterEncoding(java.lang.String a0) {
        throw unsupported("setCharacterEncoding");
    }

    @Override
    public void setContentLength(int a0) {
        throw unsupported("setContentLength");
    }

    @Override
    public void setContentLengthLong(long a0) {
        throw unsupported("setContentLengthLong");
    }

    @Override
    public void setContentType(java.lang.String a0) {
        throw unsupported("setContentType");
    }

    @Override
    public void setBufferSize(int a0) {
        throw unsupported("setBufferSize");
    }

    @Override
    public int getBufferSize() {
        throw unsupported("getBufferSize");
    }

    @Override
    public void flushBuffer() throws java.io.IOException {
        throw unsupported("flushBuffer");
    }

    @Override
    public void resetBuffer() {
        throw unsupported("resetBuffer");
    }

    @Override
    public void setLocale(java.util.Locale a0) {
        throw unsupported("setLocale");
    }

    @Override
    public java.util.Locale getLocale() {
        throw unsupported("getLocale");
    }

    @Override
    public void addCookie(jakarta.servlet.http.Cookie a0) {
        throw unsupported("addCookie");
    }

    @Override
    public java.lang.String encodeURL(java.lang.String a0) {
        throw unsupported("encodeURL");
    }

    @Override
    public java.lang.String encodeRedirectURL(java.lang.String a0) {
        throw unsupported("encodeRedirectURL");
    }

    @Override
    public void sendError(int a0, java.lang.String a1) throws java.io.IOException {
        throw unsupported("sendError");
    }

    @Override
    public void sendError(int a0) throws java.io.IOException {
        throw unsupported("sendError");
    }

    @Override
    public void sendRedirect(java.lang.String a0, int a1, boolean a2) throws java.io.IOException {
        throw unsupported("sendRedirect");
    }

    @Override
    public void setDateHeader(java.lang.String a0, long a1) {
        throw unsupported("setDateHeader");
    }

    @Override
    public void addDateHeader(java.lang.String a0, long a1) {
        throw unsupported("addDateHeader");
    }

    @Override
    public void setIntHeader(java.lang.String a0, int a1) {
        throw unsupported("setIntHeader");
    }

    @Override
    public void addIntHeader(java.lang.String a0, int a1) {
        throw unsupported("addIntHeader");
    }

    @Override
    public java.util.Collection<java.lang.String> getHeaders(java.lang.String a0) {
        throw unsupported("getHeaders");
    }

    @Override
    public java.util.Collection<java.lang.String> getHeaderNames() {
        throw unsupported("getHeaderNames");
    }

}
