package io.edgeway.gateway.retry;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBufAllocator;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.NettyDataBuffer;
import org.springframework.core.io.buffer.NettyDataBufferFactory;
import org.springframework.mock.http.server.reactive.MockServerHttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

class HeldResponseTest {

    private final NettyDataBufferFactory buffers = new NettyDataBufferFactory(ByteBufAllocator.DEFAULT);

    @Test
    void writesTheHeldBodyOnce() {
        MockServerHttpResponse response = new MockServerHttpResponse(buffers);
        RetryIdempotentRequestsFilter.HeldResponse held = new RetryIdempotentRequestsFilter.HeldResponse(response, 1024);

        held.writeWith(Flux.just(buffer("hello "), buffer("world"))).block();

        assertThat(response.getBodyAsString().block()).isEqualTo("hello world");
    }

    @Test
    void releasesBodyOfferedAfterTheResponseWasCommitted() {
        MockServerHttpResponse response = new MockServerHttpResponse(buffers);
        response.setComplete().block();
        RetryIdempotentRequestsFilter.HeldResponse held = new RetryIdempotentRequestsFilter.HeldResponse(response, 1024);
        NettyDataBuffer late = buffer("the backend's body, after a fallback answered");

        held.writeWith(Flux.just(late)).block();

        assertThat(late.getNativeBuffer().refCnt()).isZero();
    }

    private NettyDataBuffer buffer(String text) {
        DataBuffer buffer = buffers.allocateBuffer(64);
        buffer.write(text.getBytes(StandardCharsets.UTF_8));
        return (NettyDataBuffer) buffer;
    }
}
