package io.graylane.spring.boot.autoconfigure;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.core.Ordered;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code graylane.*} properties of the Spring Boot starter. Every integration is on by default when
 * its library is on the class path, and each can be switched off. Bound once at start-up; not
 * thread-safe while binding, read-only afterwards.
 */
@ConfigurationProperties("graylane")
public class GraylaneProperties {

    /** Whether Graylane is active at all; false switches off every Graylane bean of the starter. */
    private boolean enabled = true;

    /**
     * Location of the Graylane YAML or JSON configuration (a Spring resource location such as
     * classpath:graylane.yaml or file:/etc/myapp/graylane.yaml). When unset, classpath:graylane.yaml,
     * classpath:graylane.yml and classpath:graylane.json are tried, unless graylane.consul.key is set.
     */
    private String config;

    private final Consul consul = new Consul();
    private final Discovery discovery = new Discovery();
    private final Filter filter = new Filter();
    private final Propagation propagation = new Propagation();
    private final Client client = new Client();
    private final LoadBalancer loadbalancer = new LoadBalancer();

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public String getConfig() {
        return config;
    }

    public void setConfig(String config) {
        this.config = config;
    }

    public Consul getConsul() {
        return consul;
    }

    public Discovery getDiscovery() {
        return discovery;
    }

    public Filter getFilter() {
        return filter;
    }

    public Propagation getPropagation() {
        return propagation;
    }

    public Client getClient() {
        return client;
    }

    public LoadBalancer getLoadbalancer() {
        return loadbalancer;
    }

    /** Where the configuration comes from when it lives in Consul KV. */
    public static class Consul {

        /** Consul HTTP address, e.g. http://127.0.0.1:8500; unset: CONSUL_HTTP_ADDR, else 127.0.0.1:8500. */
        private String address;

        /** Consul ACL token; unset: CONSUL_HTTP_TOKEN, else none. */
        private String token;

        /**
         * Consul KV key holding the Graylane configuration; when set, the configuration is followed live
         * (blocking queries) and a change that fails validation never goes live.
         */
        private String key;

        /** How long start-up waits for the first configuration from the KV key. */
        private Duration startupTimeout = Duration.ofSeconds(10);

        /**
         * Directory where the last configuration accepted from Consul is saved and read back when Consul
         * cannot be reached at start-up; unset: nothing is saved.
         */
        private String lastKnownGoodDir;

        public String getAddress() {
            return address;
        }

        public void setAddress(String address) {
            this.address = address;
        }

        public String getToken() {
            return token;
        }

        public void setToken(String token) {
            this.token = token;
        }

        public String getKey() {
            return key;
        }

        public void setKey(String key) {
            this.key = key;
        }

        public Duration getStartupTimeout() {
            return startupTimeout;
        }

        public void setStartupTimeout(Duration startupTimeout) {
            this.startupTimeout = startupTimeout;
        }

        public String getLastKnownGoodDir() {
            return lastKnownGoodDir;
        }

        public void setLastKnownGoodDir(String lastKnownGoodDir) {
            this.lastKnownGoodDir = lastKnownGoodDir;
        }
    }

    /** Instances from Consul for the services the configuration routes to. */
    public static class Discovery {

        /**
         * Whether instances are taken from Consul when the configuration has a discovery.consul section
         * (used by the client interceptors to send logical service names to an instance of the lane).
         */
        private boolean enabled = true;

        /** More services to watch and to treat as logical host names, besides those the config's routes name. */
        private List<String> services = new ArrayList<>();

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public List<String> getServices() {
            return services;
        }

        public void setServices(List<String> services) {
            this.services = services;
        }
    }

    /** The servlet filter that vets, colors and binds each request's lane. */
    public static class Filter {

        /** Whether the Graylane servlet filter is registered (servlet web applications only). */
        private boolean enabled = true;

        /** Order of the filter in the servlet filter chain; early, so later filters see the lane. */
        private int order = Ordered.HIGHEST_PRECEDENCE + 10;

        /** URL patterns the filter is mapped to. */
        private List<String> urlPatterns = new ArrayList<>(List.of("/*"));

        /**
         * How long a replaced middleware chain may drain its in-flight requests before it is closed
         * anyway (those requests still finish).
         */
        private Duration drainDeadline = Duration.ofSeconds(30);

        /**
         * Directory of plugin jars whose middleware types the chain may use, each jar version in its own
         * class loader; rescanned on every config change. Unset: no plugins.
         */
        private String pluginDir;

        /** How long a plugin's middleware may take to answer a request (0: no limit). */
        private Duration pluginTimeout = Duration.ofSeconds(30);

        public Duration getDrainDeadline() {
            return drainDeadline;
        }

        public void setDrainDeadline(Duration drainDeadline) {
            this.drainDeadline = drainDeadline;
        }

        public String getPluginDir() {
            return pluginDir;
        }

        public void setPluginDir(String pluginDir) {
            this.pluginDir = pluginDir;
        }

        public Duration getPluginTimeout() {
            return pluginTimeout;
        }

        public void setPluginTimeout(Duration pluginTimeout) {
            this.pluginTimeout = pluginTimeout;
        }

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public int getOrder() {
            return order;
        }

        public void setOrder(int order) {
            this.order = order;
        }

        public List<String> getUrlPatterns() {
            return urlPatterns;
        }

        public void setUrlPatterns(List<String> urlPatterns) {
            this.urlPatterns = urlPatterns;
        }
    }

    /** The lane across thread hops. */
    public static class Propagation {

        /**
         * Whether a TaskDecorator carrying the lane is registered; Spring Boot applies it to the
         * auto-configured task executor, so @Async methods run in the caller's lane.
         */
        private boolean enabled = true;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }

    /** Outbound HTTP clients: the lane header and W3C baggage on every call. */
    public static class Client {

        /**
         * Whether a URL whose host is a logical service of the configuration (http://orders/...) is sent
         * to an instance chosen for the lane. Switch off when Spring Cloud LoadBalancer resolves the names.
         */
        private boolean chooseInstances = true;

        private final Switch restClient = new Switch();
        private final Switch restTemplate = new Switch();
        private final Switch webClient = new Switch();
        private final Switch okhttp = new Switch();

        public boolean isChooseInstances() {
            return chooseInstances;
        }

        public void setChooseInstances(boolean chooseInstances) {
            this.chooseInstances = chooseInstances;
        }

        public Switch getRestClient() {
            return restClient;
        }

        public Switch getRestTemplate() {
            return restTemplate;
        }

        public Switch getWebClient() {
            return webClient;
        }

        public Switch getOkhttp() {
            return okhttp;
        }
    }

    /** One integration's on/off switch. */
    public static class Switch {

        /** Whether this client integration is registered (when its library is on the class path). */
        private boolean enabled = true;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }

    /** Spring Cloud LoadBalancer. */
    public static class LoadBalancer {

        /**
         * Whether every load-balanced client's instance list is narrowed to the request lane's instances
         * (with the lane's fallback), by wrapping its ServiceInstanceListSupplier.
         */
        private boolean enabled = true;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }
}
