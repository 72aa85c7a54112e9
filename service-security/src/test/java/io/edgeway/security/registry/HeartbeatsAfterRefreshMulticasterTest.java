package io.edgeway.security.registry;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cloud.client.discovery.event.HeartbeatEvent;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextRefreshedEvent;
import org.springframework.context.support.AbstractApplicationContext;
import org.springframework.context.support.GenericApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

class HeartbeatsAfterRefreshMulticasterTest {

    private final AtomicInteger listenersCreated = new AtomicInteger();

    private final List<ApplicationEvent> received = new CopyOnWriteArrayList<>();

    @Test
    void aHeartbeatCreatesAndReachesTheListenersOnlyOnceItsOwnContextIsRefreshed() {
        GenericApplicationContext own = new GenericApplicationContext();
        HeartbeatsAfterRefreshMulticaster multicaster = multicaster(own);

        multicaster.multicastEvent(new HeartbeatEvent(this, 1));

        assertThat(listenersCreated).as("listener beans created for a heartbeat during start-up").hasValue(0);

        multicaster.multicastEvent(new ContextRefreshedEvent(new GenericApplicationContext()));
        multicaster.multicastEvent(new HeartbeatEvent(this, 2));
        multicaster.multicastEvent(new ContextRefreshedEvent(own));
        multicaster.multicastEvent(new HeartbeatEvent(this, 3));

        assertThat(received).as("another context's refresh opens nothing").filteredOn(HeartbeatEvent.class::isInstance)
                .singleElement().satisfies(heartbeat -> assertThat(((HeartbeatEvent) heartbeat).getValue()).isEqualTo(3));
    }

    @Test
    void isTheEventMulticasterOfAServiceWithAEurekaClient() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(HeartbeatsAfterRefreshAutoConfiguration.class))
                .withBean("listener", ApplicationListener.class, () -> (ApplicationListener<ApplicationEvent>) received::add)
                .run(context -> {
                    assertThat(context.getBean(AbstractApplicationContext.APPLICATION_EVENT_MULTICASTER_BEAN_NAME))
                            .isInstanceOf(HeartbeatsAfterRefreshMulticaster.class);
                    context.publishEvent(new HeartbeatEvent(this, 4));
                    assertThat(received).anyMatch(HeartbeatEvent.class::isInstance);
                });
    }

    /** A multicaster that knows one listener by its bean name only, created on first delivery, as at start-up. */
    private HeartbeatsAfterRefreshMulticaster multicaster(GenericApplicationContext own) {
        DefaultListableBeanFactory beans = new DefaultListableBeanFactory();
        RootBeanDefinition listener = new RootBeanDefinition(ApplicationListener.class, () -> {
            listenersCreated.incrementAndGet();
            return (ApplicationListener<ApplicationEvent>) received::add;
        });
        listener.setLazyInit(true);
        beans.registerBeanDefinition("listener", listener);
        HeartbeatsAfterRefreshMulticaster multicaster = new HeartbeatsAfterRefreshMulticaster();
        multicaster.setBeanFactory(beans);
        multicaster.setApplicationContext(own);
        multicaster.addApplicationListenerBean("listener");
        return multicaster;
    }
}
