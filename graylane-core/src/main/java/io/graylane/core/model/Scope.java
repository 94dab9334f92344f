package io.graylane.core.model;

import java.util.Map;

/**
 * What one gateway can see: a datacenter, an optional Consul Enterprise namespace and an optional
 * label scope (for example {@code env=prod}). Instances outside the scope are invisible to it.
 *
 * @param datacenter datacenter name, or empty for "whatever the agent's is"
 * @param namespace  Consul Enterprise namespace, or empty for none (never sent to Consul then)
 * @param labels     label pairs every visible instance must hold
 */
public record Scope(String datacenter, String namespace, Map<String, String> labels) {

    /** Everything visible. */
    public static final Scope ALL = new Scope("", "", Map.of());

    public Scope {
        datacenter = datacenter == null ? "" : datacenter;
        namespace = namespace == null ? "" : namespace;
        labels = Map.copyOf(labels == null ? Map.of() : labels);
    }

    /** Whether {@code instance} is visible in this scope. */
    public boolean contains(Instance instance) {
        if (!datacenter.isEmpty() && !instance.datacenter().isEmpty()
                && !datacenter.equals(instance.datacenter())) {
            return false;
        }
        for (Map.Entry<String, String> e : labels.entrySet()) {
            if (!e.getValue().equals(instance.label(e.getKey()))) {
                return false;
            }
        }
        return true;
    }
}
