package io.graylane.bench.library;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A minimal in-memory {@link HttpServletRequest} for the filter benchmarks: method, URI, query, peer
 * address, headers (names matched case-insensitively, as containers do) and attributes. Everything else
 * throws {@link UnsupportedOperationException}, so a benchmark cannot silently depend on it. Not thread-safe.
 */
final class BenchRequest implements HttpServletRequest {

    private final String method;
    private final String uri;
    private final String query;
    private final String remoteAddr;
    private final Map<String, List<String>> headers = new LinkedHashMap<>();
    private final List<String> headerNames = new ArrayList<>();
    private final Map<String, Object> attributes = new HashMap<>();

    BenchRequest(String method, String uri, String query, String remoteAddr) {
        this.method = method;
        this.uri = uri;
        this.query = query;
        this.remoteAddr = remoteAddr;
    }

    BenchRequest header(String name, String value) {
        String key = name.toLowerCase(Locale.ROOT);
        if (!headers.containsKey(key)) {
            headerNames.add(name);
        }
        headers.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        return this;
    }

    /** Forgets the attributes a previous pass set, so the next pass is a first dispatch again. */
    void reset() {
        attributes.clear();
    }

    @Override
    public Object getAttribute(String name) {
        return attributes.get(name);
    }

    @Override
    public void setAttribute(String name, Object value) {
        attributes.put(name, value);
    }

    @Override
    public void removeAttribute(String name) {
        attributes.remove(name);
    }

    @Override
    public String getMethod() {
        return method;
    }

    @Override
    public String getRequestURI() {
        return uri;
    }

    @Override
    public String getQueryString() {
        return query;
    }

    @Override
    public String getRemoteAddr() {
        return remoteAddr;
    }

    @Override
    public Enumeration<String> getHeaderNames() {
        return Collections.enumeration(headerNames);
    }

    @Override
    public Enumeration<String> getHeaders(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null ? Collections.emptyEnumeration() : Collections.enumeration(values);
    }

    @Override
    public String getHeader(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null ? null : values.get(0);
    }

    @Override
    public DispatcherType getDispatcherType() {
        return DispatcherType.REQUEST;
    }

    @Override
    public boolean isAsyncStarted() {
        return false;
    }

    private static UnsupportedOperationException unsupported(String method) {
        return new UnsupportedOperationException("BenchRequest." + method + " (not needed by the benchmark)");
    }

    @Override
    public java.util.Enumeration<java.lang.String> getAttributeNames() {
        throw unsupported("getAttributeNames");
    }

    @Override
    public java.lang.String getCharacterEncoding() {
        throw unsupported("getCharacterEncoding");
    }

    @Override
    public void setCharacterEncoding(java.lang.String a0) throws java.io.UnsupportedEncodingException {
        throw unsupported("setCharacterEncoding");
    }

    @Override
    public int getContentLength() {
        throw unsupported("getContentLength");
    }

    @Override
    public long getContentLengthLong() {
        throw unsupported("getContentLengthLong");
    }

    @Override
    public java.lang.String getContentType() {
        throw unsupported("getContentType");
    }

    @Override
    public jakarta.servlet.ServletInputStream getInputStream() throws java.io.IOException {
        throw unsupported("getInputStream");
    }

    @Override
    public java.lang.String getParameter(java.lang.String a0) {
        throw unsupported("getParameter");
    }

    @Override
    public java.util.Enumeration<java.lang.String> getParameterNames() {
        throw unsupported("getParameterNames");
    }

    @Override
    public java.lang.String[] getParameterValues(java.lang.String a0) {
        throw unsupported("getParameterValues");
    }

    @Override
    public java.util.Map<java.lang.String, java.lang.String[]> getParameterMap() {
        throw unsupported("getParameterMap");
    }

    @Override
    public java.lang.String getProtocol() {
        throw unsupported("getProtocol");
    }

    @Override
    public java.lang.String getScheme() {
        throw unsupported("getScheme");
    }

    @Override
    public java.lang.String getServerName() {
        throw unsupported("getServerName");
    }

    @Override
    public int getServerPort() {
        throw unsupported("getServerPort");
    }

    @Override
    public java.io.BufferedReader getReader() throws java.io.IOException {
        throw unsupported("getReader");
    }

    @Override
    public java.lang.String getRemoteHost() {
        throw unsupported("getRemoteHost");
    }

    @Override
    public java.util.Locale getLocale() {
        throw unsupported("getLocale");
    }

    @Override
    public java.util.Enumeration<java.util.Locale> getLocales() {
        throw unsupported("getLocales");
    }

    @Override
    public boolean isSecure() {
        throw unsupported("isSecure");
    }

    @Override
    public jakarta.servlet.RequestDispatcher getRequestDispatcher(java.lang.String a0) {
        throw unsupported("getRequestDispatcher");
    }

    @Override
    public int getRemotePort() {
        throw unsupported("getRemotePort");
    }

    @Override
    public java.lang.String getLocalName() {
        throw unsupported("getLocalName");
    }

    @Override
    public java.lang.String getLocalAddr() {
        throw unsupported("getLocalAddr");
    }

    @Override
    public int getLocalPort() {
        throw unsupported("getLocalPort");
    }

    @Override
    public jakarta.servlet.ServletContext getServletContext() {
        throw unsupported("getServletContext");
    }

    @Override
    public jakarta.servlet.AsyncContext startAsync() throws java.lang.IllegalStateException {
        throw unsupported("startAsync");
    }

    @Override
    public jakarta.servlet.AsyncContext startAsync(jakarta.servlet.ServletRequest a0, jakarta.servlet.ServletResponse a1) throws java.lang.IllegalStateException {
        throw unsupported("startAsync");
    }

    @Override
    public boolean isAsyncSupported() {
        throw unsupported("isAsyncSupported");
    }

    @Override
    public jakarta.servlet.AsyncContext getAsyncContext() {
        throw unsupported("getAsyncContext");
    }

    @Override
    public java.lang.String getRequestId() {
        throw unsupported("getRequestId");
    }

    @Override
    public java.lang.String getProtocolRequestId() {
        throw unsupported("getProtocolRequestId");
    }

    @Override
    public jakarta.servlet.ServletConnection getServletConnection() {
        throw unsupported("getServletConnection");
    }

    @Override
    public java.lang.String getAuthType() {
        throw unsupported("getAuthType");
    }

    @Override
    public jakarta.servlet.http.Cookie[] getCookies() {
        throw unsupported("getCookies");
    }

    @Override
    public long getDateHeader(java.lang.String a0) {
        throw unsupported("getDateHeader");
    }

    @Override
    public int getIntHeader(java.lang.String a0) {
        throw unsupported("getIntHeader");
    }

    @Override
    public java.lang.String getPathInfo() {
        throw unsupported("getPathInfo");
    }

    @Override
    public java.lang.String getPathTranslated() {
        throw unsupported("getPathTranslated");
    }

    @Override
    public java.lang.String getContextPath() {
        throw unsupported("getContextPath");
    }

    @Override
    public java.lang.String getRemoteUser() {
        throw unsupported("getRemoteUser");
    }

    @Override
    public boolean isUserInRole(java.lang.String a0) {
        throw unsupported("isUserInRole");
    }

    @Override
    public java.security.Principal getUserPrincipal() {
        throw unsupported("getUserPrincipal");
    }

    @Override
    public java.lang.String getRequestedSessionId() {
        throw unsupported("getRequestedSessionId");
    }

    @Override
    public java.lang.StringBuffer getRequestURL() {
        throw unsupported("getRequestURL");
    }

    @Override
    public java.lang.String getServletPath() {
        throw unsupported("getServletPath");
    }

    @Override
    public jakarta.servlet.http.HttpSession getSession(boolean a0) {
        throw unsupported("getSession");
    }

    @Override
    public jakarta.servlet.http.HttpSession getSession() {
        throw unsupported("getSession");
    }

    @Override
    public java.lang.String changeSessionId() {
        throw unsupported("changeSessionId");
    }

    @Override
    public boolean isRequestedSessionIdValid() {
        throw unsupported("isRequestedSessionIdValid");
    }

    @Override
    public boolean isRequestedSessionIdFromCookie() {
        throw unsupported("isRequestedSessionIdFromCookie");
    }

    @Override
    public boolean isRequestedSessionIdFromURL() {
        throw unsupported("isRequestedSessionIdFromURL");
    }

    @Override
    public boolean authenticate(jakarta.servlet.http.HttpServletResponse a0) throws java.io.IOException, jakarta.servlet.ServletException {
        throw unsupported("authenticate");
    }

    @Override
    public void login(java.lang.String a0, java.lang.String a1) throws jakarta.servlet.ServletException {
        throw unsupported("login");
    }

    @Override
    public void logout() throws jakarta.servlet.ServletException {
        throw unsupported("logout");
    }

    @Override
    public java.util.Collection<jakarta.servlet.http.Part> getParts() throws java.io.IOException, jakarta.servlet.ServletException {
        throw unsupported("getParts");
    }

    @Override
    public jakarta.servlet.http.Part getPart(java.lang.String a0) throws java.io.IOException, jakarta.servlet.ServletException {
        throw unsupported("getPart");
    }

    @Override
    public <T extends jakarta.servlet.http.HttpUpgradeHandler> T upgrade(java.lang.Class<T> a0) throws java.io.IOException, jakarta.servlet.ServletException {
        throw unsupported("upgrade");
    }

}
