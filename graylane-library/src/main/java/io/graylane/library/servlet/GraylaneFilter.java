package io.graylane.library.servlet;

import io.graylane.config.ConfigLoader;
import io.graylane.core.GraylaneException;
import io.graylane.core.chain.ChainLease;
import io.graylane.core.chain.ChainListener;
import io.graylane.core.chain.DurationChecks;
import io.graylane.core.chain.MiddlewareRegistry;
import io.graylane.core.chain.Response;
import io.graylane.core.config.GraylaneConfig;
import io.graylane.core.engine.LaneEngine;
import io.graylane.core.plugin.PluginDirectory;
import io.graylane.core.plugin.PluginJar;
import io.graylane.core.trust.TrustVerdict;
import io.graylane.library.context.LaneContext;
import io.graylane.library.context.LaneScope;
import io.graylane.library.context.LaneState;
import io.graylane.library.engine.LaneEngineSource;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Graylane in a servlet application: for each request it vets an incoming lane with the trust policy
 * (an untrusted lane header or baggage member is removed before the application sees it), keeps a
 * trusted or signed lane or colors the request with the coloring rules, runs Graylane's middleware
 * chain (the same SPI as the gateway; its terminal handler continues the servlet filter chain), and
 * binds the lane in {@link LaneContext} while the application runs — also in async work started with
 * {@code AsyncContext.start} and in async dispatches when the filter is mapped for
 * {@link DispatcherType#ASYNC}. The lane is also the request attribute {@value #LANE_ATTRIBUTE}.
 *
 * <pre>{@code
 * LaneEngineSource engines = LaneEngineSource.of(new ConfigLoader().load(Path.of("graylane.yaml")));
 * GraylaneFilter filter = GraylaneFilter.builder().engines(engines).build();
 * servletContext.addFilter("graylane", filter)
 *         .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC), false, "/*");
 * }</pre>
 *
 * <p>A filter made with the no-argument constructor (web.xml) reads the config file named by the
 * init parameter {@value #CONFIG_FILE_PARAM}. The engine and chain run on core's
 * {@link io.graylane.core.chain.LiveChain}, as in the gateway: {@link #update(LaneEngine)} swaps the
 * engine and, when the chain entries (or the plugin jars) changed, the chain, built off to the side;
 * each request keeps the chain it started with, and the old chain closes once drained (or at the drain
 * deadline). Middleware types may come from plugin jars ({@link Builder#pluginDirectory(Path)}), each
 * in its own class loader, rescanned on every update. A middleware that answers by itself (a 429, a
 * 503) answers the request; middleware should call {@code next} on the request thread. Thread-safe.
 */
@SuppressWarnings("try") // a scope is opened for its effect on the thread, not read
public final class GraylaneFilter implements Filter {

    /** Request attribute holding the request's lane name (a {@code String}). */
    public static final String LANE_ATTRIBUTE = "io.graylane.lane";

    /** Request attribute holding the request's {@link LaneState} (read again on async dispatch). */
    public static final String STATE_ATTRIBUTE = "io.graylane.lane.state";

    /** The web.xml init parameter naming a YAML or JSON config file. */
    public static final String CONFIG_FILE_PARAM = "graylane.config";

    /** The web.xml init parameter naming a directory of plugin jars (optional). */
    public static final String PLUGIN_DIR_PARAM = "graylane.plugin-dir";

    private static final Logger log = LoggerFactory.getLogger(GraylaneFilter.class);

    private final FilterRuntime runtime;
    private final Clock clock;
    private final LaneEngineSource engines;
    private AutoCloseable subscription;

    /**
     * A filter configured in {@link #init} from the init parameter {@value #CONFIG_FILE_PARAM} and, if
     * given, plugin jars from {@value #PLUGIN_DIR_PARAM} (web.xml).
     */
    public GraylaneFilter() {
        this.runtime = new FilterRuntime(ServletCall.TERMINAL, MiddlewareRegistry.empty(), ChainListener.NONE,
                Builder.DEFAULT_DRAIN_DEADLINE, null);
        this.clock = Clock.systemUTC();
        this.engines = null;
    }

    private GraylaneFilter(Builder b, PluginDirectory plugins) {
        this.runtime = new FilterRuntime(ServletCall.TERMINAL, b.registry, b.listener, b.drainDeadline, plugins);
        this.clock = b.clock;
        this.engines = b.engines;
        try {
            runtime.update(engines != null ? engines.current() : b.engine);
            if (engines != null) {
                this.subscription = engines.subscribe(this::follow);
            }
        } catch (RuntimeException | Error e) {
            runtime.close();
            throw e;
        }
    }

    /** A builder; give it an engine, a configuration, a config file or a {@link LaneEngineSource}. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Serves {@code engine} from now on (a reload); requests in flight finish with what they started with.
     *
     * @throws GraylaneException naming the chain entry (or plugin jar) that could not be loaded; the
     *                           previous engine and chain keep serving
     */
    public void update(LaneEngine engine) {
        runtime.update(engine);
    }

    /** {@link #update(LaneEngine)} with an engine over {@code config}'s static instances. */
    public void update(GraylaneConfig config) {
        update(LaneEngine.create(config));
    }

    /** The engine serving now. */
    public LaneEngine engine() {
        return runtime.engine();
    }

    /** Ids of the middleware that run now, in order. */
    public List<String> chainIds() {
        return runtime.chainIds();
    }

    /**
     * When the plugin directory changed since its last scan, rescans it and, if a jar changed, swaps
     * in a chain built with the new jars (for a timer; a config update rescans by itself). Does nothing
     * without a plugin directory.
     *
     * @throws GraylaneException naming the jar or chain entry that could not be loaded; the previous
     *                           chain keeps serving
     */
    public void reloadPlugins() {
        runtime.reloadPlugins();
    }

    /** The plugin jars loaded by the last successful scan (empty without a plugin directory). */
    public List<PluginJar> pluginJars() {
        return runtime.pluginJars();
    }

    private void follow(LaneEngine engine) {
        try {
            runtime.update(engine);
        } catch (GraylaneException e) {
            log.error("Graylane filter keeps its previous configuration: {}", e.getMessage());
        }
    }

    @Override
    public void init(FilterConfig filterConfig) throws ServletException {
        if (runtime.isReady()) {
            return;
        }
        String file = filterConfig.getInitParameter(CONFIG_FILE_PARAM);
        if (file == null || file.isBlank()) {
            throw new ServletException("filter " + filterConfig.getFilterName() + ": init-param " + CONFIG_FILE_PARAM
                    + " is missing (expected: a YAML or JSON Graylane config file, or a filter made with GraylaneFilter.builder())");
        }
        try {
            String dir = filterConfig.getInitParameter(PLUGIN_DIR_PARAM);
            if (dir != null && !dir.isBlank()) {
                runtime.usePlugins(PluginDirectory.builder(Builder.checkDirectory(PLUGIN_DIR_PARAM, Path.of(dir.strip()))).build());
            }
            runtime.update(LaneEngine.create(new ConfigLoader().load(Path.of(file.strip()))));
        } catch (GraylaneException | IllegalArgumentException e) {
            runtime.close(); // lets go of a plugin directory; a filter whose init failed is not used again
            throw new ServletException("filter " + filterConfig.getFilterName() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        if (!(req instanceof HttpServletRequest request) || !(res instanceof HttpServletResponse response)) {
            chain.doFilter(req, res);
            return;
        }
        Object known = request.getAttribute(STATE_ATTRIBUTE);
        if (known instanceof LaneState state) {
            // An async or error dispatch of a request colored before (or this filter mapped twice).
            try (LaneScope ignored = LaneContext.attach(state)) {
                chain.doFilter(req, res);
            }
            return;
        }
        // One lease per request: the engine and the chain it was published with, held until it is served.
        ChainLease<LaneEngine> lease = runtime.acquire();
        try {
            serve(lease, request, response, chain);
        } finally {
            lease.release();
        }
    }

    private void serve(ChainLease<LaneEngine> lease, HttpServletRequest request, HttpServletResponse response,
                       FilterChain chain) throws IOException, ServletException {
        LaneEngine engine = lease.value();
        ServletExchange exchange = new ServletExchange(request);
        TrustVerdict verdict = engine.trust().apply(exchange.headers(), exchange.clientAddressBytes(), clock.instant());
        exchange.setLane(engine.lane(exchange, verdict));
        ServletCall call = new ServletCall(request, response, chain, engine.config().propagation());
        if (!lease.hasChain()) {
            // No middleware: the terminal's work, straight (no attribute, no futures); the same outcome.
            call.run(exchange);
            return;
        }
        exchange.setAttr(ServletCall.KEY, call);
        Response answer = null;
        Throwable chainFailure = null;
        try {
            answer = lease.handle(exchange).toCompletableFuture().get();
        } catch (ExecutionException | CompletionException e) {
            chainFailure = e.getCause() == null ? e : e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            chainFailure = e;
        }
        ServletAnswers.rethrowApplicationFailure(call.failure());
        if (chainFailure != null) {
            ServletAnswers.failed(request, response, chainFailure, call.proceeded());
            return;
        }
        if (!call.proceeded()) {
            ServletAnswers.write(answer, response);
        } else if (!response.isCommitted()) {
            answer.headers().forEach(response::addHeader);
        }
    }

    /** Stops following the engine source and retires the chain (it closes once drained, or at the drain deadline). */
    @Override
    public void destroy() {
        if (subscription != null) {
            try {
                subscription.close();
            } catch (Exception e) {
                log.warn("Could not unsubscribe the Graylane filter: {}", e.toString());
            }
        }
        runtime.close();
    }

    /** Builds a {@link GraylaneFilter}; each setter checks its argument. Not thread-safe. */
    public static final class Builder {
        static final Duration DEFAULT_DRAIN_DEADLINE = Duration.ofSeconds(30);

        private LaneEngine engine;
        private LaneEngineSource engines;
        private MiddlewareRegistry registry = MiddlewareRegistry.empty();
        private Clock clock = Clock.systemUTC();
        private ChainListener listener = ChainListener.NONE;
        private Duration drainDeadline = DEFAULT_DRAIN_DEADLINE;
        private Path pluginDirectory;
        private Duration pluginTimeout = Duration.ofSeconds(30);

        private Builder() {
        }

        /** Serve this engine (replace it later with {@link GraylaneFilter#update}). */
        public Builder engine(LaneEngine value) {
            this.engine = Objects.requireNonNull(value, "engine");
            this.engines = null;
            return this;
        }

        /** Serve an engine over this configuration's static instances. */
        public Builder config(GraylaneConfig value) {
            return engine(LaneEngine.create(Objects.requireNonNull(value, "config")));
        }

        /**
         * Serve the configuration in this YAML or JSON file.
         *
         * @throws io.graylane.config.ConfigException listing every problem of the file
         */
        public Builder configFile(Path value) {
            return config(new ConfigLoader().load(Objects.requireNonNull(value, "configFile")));
        }

        /** Follow this source: every engine it publishes (reloads, discovery) is served. */
        public Builder engines(LaneEngineSource value) {
            this.engines = Objects.requireNonNull(value, "engines");
            this.engine = null;
            return this;
        }

        /** The middleware types the configuration's {@code chain} may use (plugins add theirs); default none. */
        public Builder middleware(MiddlewareRegistry value) {
            this.registry = Objects.requireNonNull(value, "middleware");
            return this;
        }

        /** The clock signed lanes are checked against; default the system clock. */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /**
         * Told about chain loads, swaps, rejections and drains (to export them as metrics); called off
         * the request path, must be quick and thread-safe. Default none.
         */
        public Builder listener(ChainListener value) {
            this.listener = Objects.requireNonNull(value, "listener");
            return this;
        }

        /**
         * How long a replaced chain may drain before it is closed anyway (its stragglers still finish on
         * what they hold); default 30s.
         */
        public Builder drainDeadline(Duration value) {
            this.drainDeadline = DurationChecks.nonNegative("drainDeadline", value);
            return this;
        }

        /**
         * Load middleware types from the plugin jars in this directory, each jar version in its own class
         * loader (as the gateway's {@code --plugin-dir}); rescanned on every update and by
         * {@link GraylaneFilter#reloadPlugins()}. A plugin may not declare a type of {@link #middleware}.
         */
        public Builder pluginDirectory(Path value) {
            this.pluginDirectory = checkDirectory("pluginDirectory", Objects.requireNonNull(value, "pluginDirectory"));
            return this;
        }

        /** How long a plugin's middleware may take to answer a request (0: no limit); default 30s. */
        public Builder pluginTimeout(Duration value) {
            this.pluginTimeout = DurationChecks.nonNegative("pluginTimeout", value);
            return this;
        }

        static Path checkDirectory(String what, Path dir) {
            if (!Files.isDirectory(dir)) {
                throw new IllegalArgumentException(what + ": " + dir + " (expected: a directory of plugin jars)");
            }
            return dir;
        }

        /**
         * A new filter.
         *
         * @throws IllegalStateException when no engine, configuration or source was given
         * @throws GraylaneException     naming the chain entry (or plugin jar) that could not be loaded
         */
        public GraylaneFilter build() {
            if (engine == null && engines == null) {
                throw new IllegalStateException("GraylaneFilter.builder(): no engine (expected: engine(), config(), configFile() or engines())");
            }
            PluginDirectory plugins = pluginDirectory == null ? null
                    : PluginDirectory.builder(pluginDirectory).builtins(registry).serveTimeout(pluginTimeout).build();
            return new GraylaneFilter(this, plugins);
        }
    }
}
