package io.graylane.bench.library;

import okhttp3.Interceptor;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;

/**
 * An OkHttp {@link Interceptor.Chain} that answers every {@link #proceed} with a canned 200 without any
 * I/O, for timing an interceptor alone. Everything but {@link #request()} and {@link #proceed} throws
 * {@link UnsupportedOperationException}. Not thread-safe.
 */
final class BenchChain implements Interceptor.Chain {

    private final Request request;
    private final Response.Builder answer;

    BenchChain(Request request, Response.Builder answer) {
        this.request = request;
        this.answer = answer;
    }

    /** The builder of the canned answer; the request is filled in per call. */
    static Response.Builder answer() {
        return new Response.Builder().protocol(Protocol.HTTP_1_1).code(200).message("OK");
    }

    @Override
    public Request request() {
        return request;
    }

    @Override
    public Response proceed(Request sent) {
        return answer.request(sent).build();
    }

    private static UnsupportedOperationException unsupported(String method) {
        return new UnsupportedOperationException("BenchChain." + method + " (not needed by the benchmark)");
    }

    @Override
    public okhttp3.Connection connection() {
        throw unsupported("connection");
    }

    @Override
    public okhttp3.Call call() {
        throw unsupported("call");
    }

    @Override
    public int connectTimeoutMillis() {
        throw unsupported("connectTimeoutMillis");
    }

    @Override
    public okhttp3.Interceptor.Chain withConnectTimeout(int a0, java.util.concurrent.TimeUnit a1) {
        throw unsupported("withConnectTimeout");
    }

    @Override
    public int readTimeoutMillis() {
        throw unsupported("readTimeoutMillis");
    }

    @Override
    public okhttp3.Interceptor.Chain withReadTimeout(int a0, java.util.concurrent.TimeUnit a1) {
        throw unsupported("withReadTimeout");
    }

    @Override
    public int writeTimeoutMillis() {
        throw unsupported("writeTimeoutMillis");
    }

    @Override
    public okhttp3.Interceptor.Chain withWriteTimeout(int a0, java.util.concurrent.TimeUnit a1) {
        throw unsupported("withWriteTimeout");
    }

    @Override
    public boolean getFollowSslRedirects() {
        throw unsupported("getFollowSslRedirects");
    }

    @Override
    public boolean getFollowRedirects() {
        throw unsupported("getFollowRedirects");
    }

    @Override
    public okhttp3.Dns getDns() {
        throw unsupported("getDns");
    }

    @Override
    public okhttp3.Interceptor.Chain withDns(okhttp3.Dns a0) {
        throw unsupported("withDns");
    }

    @Override
    public javax.net.SocketFactory getSocketFactory() {
        throw unsupported("getSocketFactory");
    }

    @Override
    public okhttp3.Interceptor.Chain withSocketFactory(javax.net.SocketFactory a0) {
        throw unsupported("withSocketFactory");
    }

    @Override
    public boolean getRetryOnConnectionFailure() {
        throw unsupported("getRetryOnConnectionFailure");
    }

    @Override
    public okhttp3.Interceptor.Chain withRetryOnConnectionFailure(boolean a0) {
        throw unsupported("withRetryOnConnectionFailure");
    }

    @Override
    public okhttp3.Authenticator getAuthenticator() {
        throw unsupported("getAuthenticator");
    }

    @Override
    public okhttp3.Interceptor.Chain withAuthenticator(okhttp3.Authenticator a0) {
        throw unsupported("withAuthenticator");
    }

    @Override
    public okhttp3.CookieJar getCookieJar() {
        throw unsupported("getCookieJar");
    }

    @Override
    public okhttp3.Interceptor.Chain withCookieJar(okhttp3.CookieJar a0) {
        throw unsupported("withCookieJar");
    }

    @Override
    public okhttp3.Cache getCache() {
        throw unsupported("getCache");
    }

    @Override
    public okhttp3.Interceptor.Chain withCache(okhttp3.Cache a0) {
        throw unsupported("withCache");
    }

    @Override
    public java.net.Proxy getProxy() {
        throw unsupported("getProxy");
    }

    @Override
    public okhttp3.Interceptor.Chain withProxy(java.net.Proxy a0) {
        throw unsupported("withProxy");
    }

    @Override
    public java.net.ProxySelector getProxySelector() {
        throw unsupported("getProxySelector");
    }

    @Override
    public okhttp3.Interceptor.Chain withProxySelector(java.net.ProxySelector a0) {
        throw unsupported("withProxySelector");
    }

    @Override
    public okhttp3.Authenticator getProxyAuthenticator() {
        throw unsupported("getProxyAuthenticator");
    }

    @Override
    public okhttp3.Interceptor.Chain withProxyAuthenticator(okhttp3.Authenticator a0) {
        throw unsupported("withProxyAuthenticator");
    }

    @Override
    public javax.net.ssl.SSLSocketFactory getSslSocketFactoryOrNull() {
        throw unsupported("getSslSocketFactoryOrNull");
    }

    @Override
    public okhttp3.Interceptor.Chain withSslSocketFactory(javax.net.ssl.SSLSocketFactory a0, javax.net.ssl.X509TrustManager a1) {
        throw unsupported("withSslSocketFactory");
    }

    @Override
    public javax.net.ssl.X509TrustManager getX509TrustManagerOrNull() {
        throw unsupported("getX509TrustManagerOrNull");
    }

    @Override
    public javax.net.ssl.HostnameVerifier getHostnameVerifier() {
        throw unsupported("getHostnameVerifier");
    }

    @Override
    public okhttp3.Interceptor.Chain withHostnameVerifier(javax.net.ssl.HostnameVerifier a0) {
        throw unsupported("withHostnameVerifier");
    }

    @Override
    public okhttp3.CertificatePinner getCertificatePinner() {
        throw unsupported("getCertificatePinner");
    }

    @Override
    public okhttp3.Interceptor.Chain withCertificatePinner(okhttp3.CertificatePinner a0) {
        throw unsupported("withCertificatePinner");
    }

    @Override
    public okhttp3.ConnectionPool getConnectionPool() {
        throw unsupported("getConnectionPool");
    }

    @Override
    public okhttp3.Interceptor.Chain withConnectionPool(okhttp3.ConnectionPool a0) {
        throw unsupported("withConnectionPool");
    }

    @Override
    public okhttp3.EventListener getEventListener() {
        throw unsupported("getEventListener");
    }

}
