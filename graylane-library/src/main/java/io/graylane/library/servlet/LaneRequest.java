package io.graylane.library.servlet;

import io.graylane.core.chain.Headers;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

import java.util.Collections;
import java.util.Enumeration;

/**
 * The request as the application sees it behind the filter: its headers are the exchange's (an
 * untrusted lane header is gone, middleware edits are there), and async work started through
 * {@link AsyncContext#start} runs in the request's lane. Used by one request thread at a time.
 */
final class LaneRequest extends HttpServletRequestWrapper {

    private final Headers headers;

    LaneRequest(HttpServletRequest request, Headers headers) {
        super(request);
        this.headers = headers;
    }

    @Override
    public String getHeader(String name) {
        return headers.get(name);
    }

    @Override
    public Enumeration<String> getHeaders(String name) {
        return Collections.enumeration(headers.getAll(name));
    }

    @Override
    public Enumeration<String> getHeaderNames() {
        return Collections.enumeration(headers.names());
    }

    @Override
    public int getIntHeader(String name) {
        String value = headers.get(name);
        return value == null ? -1 : Integer.parseInt(value.trim());
    }

    @Override
    public AsyncContext startAsync() {
        return LaneAsyncContext.wrap(super.startAsync());
    }

    @Override
    public AsyncContext startAsync(ServletRequest servletRequest, ServletResponse servletResponse) {
        return LaneAsyncContext.wrap(super.startAsync(servletRequest, servletResponse));
    }

    @Override
    public AsyncContext getAsyncContext() {
        return LaneAsyncContext.wrap(super.getAsyncContext());
    }
}
