package io.graylane.gateway.run;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Objects;

/**
 * Runs an action on SIGHUP, the conventional "reload your configuration" signal. Uses the JDK's
 * {@code sun.misc.Signal} (module {@code jdk.unsupported}) through reflection, so a JVM without it, or a
 * platform without SIGHUP, simply has no hangup reload. Replaces the JVM's default SIGHUP behaviour
 * (shutting down). Stateless.
 */
public final class HangupSignal {

    private static final Logger log = LoggerFactory.getLogger(HangupSignal.class);

    private HangupSignal() {
    }

    /**
     * Calls {@code action} on each SIGHUP, on the JVM's signal thread (so it should hand work off, as
     * {@link EngineSource#refresh()} does).
     *
     * @return whether the handler is installed; {@code false} (with the reason logged at debug) where
     *         SIGHUP cannot be handled
     */
    public static boolean onHangup(Runnable action) {
        Objects.requireNonNull(action, "action");
        try {
            Class<?> signalClass = Class.forName("sun.misc.Signal");
            Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
            Object hup = signalClass.getConstructor(String.class).newInstance("HUP");
            InvocationHandler ih = (proxy, method, args) -> dispatch(proxy, method, args, action);
            Object handler = Proxy.newProxyInstance(HangupSignal.class.getClassLoader(), new Class<?>[] {handlerClass}, ih);
            Object previous = signalClass.getMethod("handle", signalClass, handlerClass).invoke(null, hup, handler);
            // A process started with SIGHUP ignored (nohup, some supervisors) keeps ignoring it: the JVM
            // accepts the handler but never installs it, and reports the old disposition, SIG_IGN.
            Object ignored = handlerClass.getField("SIG_IGN").get(null);
            if (previous == ignored) {
                log.warn("SIGHUP is ignored by this process (started under nohup?): reload by editing the file instead");
                return false;
            }
            return true;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            // IllegalArgumentException (wrapped) when the platform has no SIGHUP or the JVM runs with -Xrs.
            log.debug("SIGHUP cannot be handled here: {}", e.toString());
            return false;
        }
    }

    private static Object dispatch(Object proxy, Method method, Object[] args, Runnable action) {
        switch (method.getName()) {
            case "handle" -> {
                try {
                    action.run();
                } catch (RuntimeException e) {
                    log.error("SIGHUP handler failed", e);
                }
                return null;
            }
            case "hashCode" -> {
                return System.identityHashCode(proxy);
            }
            case "equals" -> {
                return proxy == args[0];
            }
            case "toString" -> {
                return "graylane SIGHUP handler";
            }
            default -> {
                return null;
            }
        }
    }
}
