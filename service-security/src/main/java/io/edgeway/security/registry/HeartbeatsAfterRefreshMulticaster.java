package io.edgeway.security.registry;

import org.springframework.cloud.client.discovery.event.HeartbeatEvent;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextAware;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.event.ContextRefreshedEvent;
import org.springframework.context.event.SimpleApplicationEventMulticaster;
import org.springframework.core.ResolvableType;

/**
 * The context's event multicaster, which drops the Eureka client's registry heartbeats until the context is
 * refreshed.
 *
 * <p>The client fetches the registry every second from its own thread and publishes a {@link HeartbeatEvent} each
 * time. Delivering one while the main thread is still creating beans makes Eureka's thread create the listener
 * beans, and with Spring's lenient singleton locking both threads can then wait on each other forever (seen at
 * start-up on a loaded machine: the gateway never came up). A heartbeat only says "the registry may have changed";
 * the next one, a second later, says it again.
 */
public class HeartbeatsAfterRefreshMulticaster extends SimpleApplicationEventMulticaster implements ApplicationContextAware {

    private volatile ApplicationContext context;

    private volatile boolean refreshed;

    @Override
    public void setApplicationContext(ApplicationContext context) {
        this.context = context;
    }

    @Override
    public void multicastEvent(ApplicationEvent event, ResolvableType eventType) {
        if (event instanceof ContextRefreshedEvent done && done.getApplicationContext() == context) {
            refreshed = true;
        }
        if (!refreshed && event instanceof HeartbeatEvent) {
            return;
        }
        super.multicastEvent(event, eventType);
    }
}
