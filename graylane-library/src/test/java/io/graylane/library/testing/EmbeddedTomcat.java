package io.graylane.library.testing;

import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.Wrapper;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A real Tomcat 11 (Servlet 6.1) on 127.0.0.1 and an ephemeral port, with one servlet at {@code /*}
 * behind one filter mapped for REQUEST and ASYNC dispatches. Close it to stop.
 */
public final class EmbeddedTomcat implements AutoCloseable {

    private final Tomcat tomcat;
    private final Connector connector;

    private EmbeddedTomcat(Tomcat tomcat, Connector connector) {
        this.tomcat = tomcat;
        this.connector = connector;
    }

    /** Starts {@code servlet} behind {@code filter} (which may be {@code null}) with at most {@code maxThreads} threads. */
    public static EmbeddedTomcat start(Filter filter, HttpServlet servlet, int maxThreads) {
        return start(filter, Map.of(), servlet, maxThreads);
    }

    /** Starts {@code servlet} behind {@code filter}, giving the filter {@code initParams}. */
    public static EmbeddedTomcat start(Filter filter, Map<String, String> initParams, HttpServlet servlet, int maxThreads) {
        try {
            Path base = Files.createTempDirectory("graylane-tomcat");
            Tomcat tomcat = new Tomcat();
            tomcat.setBaseDir(base.toString());
            Connector connector = new Connector();
            connector.setPort(0);
            connector.setProperty("address", "127.0.0.1");
            connector.setProperty("maxThreads", Integer.toString(maxThreads));
            connector.setProperty("minSpareThreads", "2");
            tomcat.getService().addConnector(connector);
            tomcat.setConnector(connector);
            Context context = tomcat.addContext("", base.toString());
            Wrapper wrapper = Tomcat.addServlet(context, "app", servlet);
            wrapper.setAsyncSupported(true);
            context.addServletMapping("/*", "app");
            if (filter != null) {
                FilterDef def = new FilterDef();
                def.setFilterName("graylane");
                def.setFilter(filter);
                def.setAsyncSupported("true");
                initParams.forEach(def::addInitParameter);
                context.addFilterDef(def);
                FilterMap map = new FilterMap();
                map.setFilterName("graylane");
                map.addURLPattern("/*");
                map.setDispatcher("REQUEST");
                map.setDispatcher("ASYNC");
                context.addFilterMap(map);
            }
            tomcat.start();
            return new EmbeddedTomcat(tomcat, connector);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (LifecycleException e) {
            throw new IllegalStateException("Tomcat did not start", e);
        }
    }

    /** The bound port. */
    public int port() {
        return connector.getLocalPort();
    }

    /** {@code http://127.0.0.1:<port>} plus {@code path}. */
    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port() + path);
    }

    @Override
    public void close() {
        try {
            tomcat.stop();
            tomcat.destroy();
        } catch (LifecycleException e) {
            throw new IllegalStateException("Tomcat did not stop", e);
        }
    }
}
