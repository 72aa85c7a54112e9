package io.edgeway.gateway.support;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeStrategies;

/**
 * A WebTestClient filter that reads every response body in full as it arrives, so that a test that checks only the
 * status leaks no Netty buffer: WebTestClient never releases a body nobody reads (spring-boot#37627), and the tests
 * fail on every leak report (NettyLeakCheck).
 */
public final class ConsumedBodies {

    private static final ExchangeStrategies STRATEGIES = ExchangeStrategies.withDefaults();

    private ConsumedBodies() {
    }

    /** The filter: the response handed on carries the body read into memory, the pooled buffers released. */
    public static ExchangeFilterFunction filter() {
        return (request, next) -> next.exchange(request).flatMap(response -> response.bodyToMono(byte[].class)
                .defaultIfEmpty(new byte[0])
                .map(body -> ClientResponse.create(response.statusCode(), STRATEGIES)
                        .headers(headers -> headers.addAll(response.headers().asHttpHeaders()))
                        .cookies(cookies -> cookies.addAll(response.cookies()))
                        .request(response.request())
                        .body(Flux.just(DefaultDataBufferFactory.sharedInstance.wrap(body)))
                        .build()));
    }
}
