package io.graylane.core.rule;

import java.net.InetAddress;

/** A view that forwards to another, to override one look-up in a test; keeps RequestView's defaults. */
abstract class DelegatingView implements RequestView {

    private final RequestView delegate;

    DelegatingView(RequestView delegate) {
        this.delegate = delegate;
    }

    @Override
    public String method() {
        return delegate.method();
    }

    @Override
    public String path() {
        return delegate.path();
    }

    @Override
    public String header(String name) {
        return delegate.header(name);
    }

    @Override
    public String cookie(String name) {
        return delegate.cookie(name);
    }

    @Override
    public String query(String name) {
        return delegate.query(name);
    }

    @Override
    public InetAddress clientAddress() {
        return delegate.clientAddress();
    }
}
