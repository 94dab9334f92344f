package io.graylane.library.servlet;

import io.graylane.library.context.LaneExecutors;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;

/**
 * An {@link AsyncContext} whose {@link #start(Runnable)} runs the task in the lane bound where
 * {@code start} is called (the request's, on the request thread). Everything else is the container's.
 * Thread-safe as the container's context is.
 */
final class LaneAsyncContext implements AsyncContext {

    private final AsyncContext delegate;

    LaneAsyncContext(AsyncContext delegate) {
        this.delegate = delegate;
    }

    static AsyncContext wrap(AsyncContext context) {
        return context == null || context instanceof LaneAsyncContext ? context : new LaneAsyncContext(context);
    }

    @Override
    public void start(Runnable run) {
        delegate.start(LaneExecutors.wrap(run));
    }

    @Override
    public ServletRequest getRequest() {
        return delegate.getRequest();
    }

    @Override
    public ServletResponse getResponse() {
        return delegate.getResponse();
    }

    @Override
    public boolean hasOriginalRequestAndResponse() {
        return delegate.hasOriginalRequestAndResponse();
    }

    @Override
    public void dispatch() {
        delegate.dispatch();
    }

    @Override
    public void dispatch(String path) {
        delegate.dispatch(path);
    }

    @Override
    public void dispatch(ServletContext context, String path) {
        delegate.dispatch(context, path);
    }

    @Override
    public void complete() {
        delegate.complete();
    }

    @Override
    public void addListener(AsyncListener listener) {
        delegate.addListener(listener);
    }

    @Override
    public void addListener(AsyncListener listener, ServletRequest servletRequest, ServletResponse servletResponse) {
        delegate.addListener(listener, servletRequest, servletResponse);
    }

    @Override
    public <T extends AsyncListener> T createListener(Class<T> clazz) throws ServletException {
        return delegate.createListener(clazz);
    }

    @Override
    public void setTimeout(long timeout) {
        delegate.setTimeout(timeout);
    }

    @Override
    public long getTimeout() {
        return delegate.getTimeout();
    }
}
