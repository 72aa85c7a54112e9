package io.edgeway.backend.config;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.security.web.util.matcher.IpAddressMatcher;

/**
 * Settings of the sample backend, under {@value #PREFIX}; the nested records refuse invalid values, naming the key.
 *
 * <p>A JavaBean rather than a record: a config refresh re-binds JavaBean properties in place, while a record
 * bean would keep the values it was created with.
 */
@ConfigurationProperties(SampleBackendProperties.PREFIX)
public class SampleBackendProperties {

    public static final String PREFIX = "edgeway.backend";

    /**
     * The message {@code GET /} answers with; refreshable. The shipped config sets its own, so that an answer of
     * this default tells that no config was served.
     */
    private String message = "Hello";

    /**
     * Whether {@code /id?delayMs=} makes the request that slow (for drain, failover and overload tests and benchmarks);
     * off, the parameter is ignored, so that nobody can hold a Tomcat thread of a shipped backend by asking.
     */
    private boolean delayHook;

    /**
     * Whether {@code PUT /monitor/faults} may make this instance fail or slow down on purpose (canary tests and
     * benchmarks); off, it is refused.
     */
    private boolean faultSwitch;

    /** Who may flip the L7 check (credentials are needed as well). */
    private L7Switch l7Switch = new L7Switch(List.of("127.0.0.1/32", "::1/128"));

    /** How the instance leaves the fleet on shutdown. */
    private Shutdown shutdown = new Shutdown(Duration.ofSeconds(5));

    public String getMessage() {
        return message;
    }

    public void setMessage(String message) {
        this.message = message;
    }

    public boolean isDelayHook() {
        return delayHook;
    }

    public void setDelayHook(boolean delayHook) {
        this.delayHook = delayHook;
    }

    public boolean isFaultSwitch() {
        return faultSwitch;
    }

    public void setFaultSwitch(boolean faultSwitch) {
        this.faultSwitch = faultSwitch;
    }

    public L7Switch getL7Switch() {
        return l7Switch;
    }

    public void setL7Switch(L7Switch l7Switch) {
        this.l7Switch = l7Switch;
    }

    public Shutdown getShutdown() {
        return shutdown;
    }

    public void setShutdown(Shutdown shutdown) {
        this.shutdown = shutdown;
    }

    /**
     * Who may flip the L7 check. The defaults of these records repeat the fields' initial values above: IDE metadata
     * reads them only from here.
     *
     * @param allowedSources CIDR ranges allowed to call {@code PUT /monitor/l7check}
     */
    public record L7Switch(@DefaultValue({ "127.0.0.1/32", "::1/128" }) List<String> allowedSources) {

        public L7Switch {
            allowedSources = List.copyOf(allowedSources);
            for (String source : allowedSources) {
                try {
                    new IpAddressMatcher(source.trim());
                }
                catch (IllegalArgumentException ex) {
                    throw new IllegalArgumentException(PREFIX + ".l7-switch.allowed-sources: '" + source.trim()
                            + "' is not an address or CIDR range");
                }
            }
        }
    }

    /**
     * @param deregistrationDelay how long to keep serving after marking the instance DOWN in Eureka, so that
     *     every gateway has dropped it before the web server stops accepting connections: server cache (0 s with
     *     the read-write cache) + client fetch (1 s) + a margin for a slow fetch
     */
    public record Shutdown(@DefaultValue("5s") Duration deregistrationDelay) {

        public Shutdown {
            if (deregistrationDelay.isNegative()) {
                throw new IllegalArgumentException(PREFIX + ".shutdown.deregistration-delay: must not be negative, not "
                        + deregistrationDelay);
            }
        }
    }
}
