package io.edgeway.gateway.route;

import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.annotation.BeanFactoryAnnotationUtils;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.cloud.gateway.support.ConfigurationService;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ApplicationEventPublisherAware;
import org.springframework.core.convert.ConversionService;
import org.springframework.stereotype.Component;
import org.springframework.util.function.SingletonSupplier;
import org.springframework.validation.Validator;

/**
 * Replaces Spring Cloud Gateway's {@link ConfigurationService} with one that looks up the conversion service and the
 * validator once. The stock one resolves both beans for every predicate and filter it binds, which was an eighth of
 * the CPU of applying a config commit (every route is built twice: checked, then applied).
 */
@Component
class ConfigurationServiceLookupsOnce implements BeanPostProcessor, BeanFactoryAware, ApplicationEventPublisherAware {

    private static final String BEAN = "gatewayConfigurationService";

    // Gateway's own qualifier on its conversion service parameter.
    private static final String CONVERSION_SERVICE = "webFluxConversionService";

    private BeanFactory beanFactory;

    private ApplicationEventPublisher publisher;

    @Override
    public void setBeanFactory(BeanFactory beanFactory) {
        this.beanFactory = beanFactory;
    }

    @Override
    public void setApplicationEventPublisher(ApplicationEventPublisher publisher) {
        this.publisher = publisher;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String name) throws BeansException {
        if (!(bean instanceof ConfigurationService) || !BEAN.equals(name)) {
            return bean;
        }
        ConfigurationService service = new ConfigurationService(beanFactory,
                SingletonSupplier.of(() -> BeanFactoryAnnotationUtils.qualifiedBeanOfType(beanFactory,
                        ConversionService.class, CONVERSION_SERVICE)),
                SingletonSupplier.of(() -> beanFactory.getBeanProvider(Validator.class).getIfAvailable()));
        service.setApplicationEventPublisher(publisher);
        return service;
    }
}
