package io.edgeway.gateway.client;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.ScheduledFuture;
import reactor.netty.NettyPipeline;
import reactor.netty.http.server.HttpServer;

/**
 * Closes a connection whose request headers take longer than a deadline, counted from their first byte (or, for a
 * new connection, from the connection): a client trickling its headers a byte at a time otherwise holds a connection
 * for ever, since every byte resets an idle timeout. Two handlers share one deadline: one before the HTTP codec sees
 * the first bytes of a request, one after it sees the request once its headers are complete.
 */
public final class HeaderDeadline {

    private final long timeoutNanos;

    /** Confined to the channel's event loop, like every handler call. */
    private ScheduledFuture<?> timer;

    private boolean inRequest;

    private HeaderDeadline(Duration timeout) {
        this.timeoutNanos = timeout.toNanos();
    }

    /** The server with the deadline on every HTTP/1.1 connection. */
    public static HttpServer on(HttpServer server, Duration timeout) {
        return server.doOnChannelInit((observer, channel, address) -> install(channel, timeout));
    }

    /** Adds the deadline to a new HTTP/1.1 connection (one without the codec is left alone). */
    static void install(Channel channel, Duration timeout) {
        ChannelPipeline pipeline = channel.pipeline();
        if (pipeline.get(NettyPipeline.HttpCodec) == null) {
            return;
        }
        HeaderDeadline deadline = new HeaderDeadline(timeout);
        pipeline.addBefore(NettyPipeline.HttpCodec, "edgeway.headerDeadline.bytes", deadline.new FirstBytes());
        pipeline.addAfter(NettyPipeline.HttpCodec, "edgeway.headerDeadline.request", deadline.new Requests());
    }

    private void arm(ChannelHandlerContext ctx) {
        if (timer == null) {
            timer = ctx.executor().schedule(() -> {
                timer = null;
                ctx.channel().close();
            }, timeoutNanos, TimeUnit.NANOSECONDS);
        }
    }

    private void disarm() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    /** Before the codec: the first bytes while no request is open start the deadline. */
    private final class FirstBytes extends ChannelInboundHandlerAdapter {

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            arm(ctx);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (!inRequest) {
                arm(ctx);
            }
            ctx.fireChannelRead(msg);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            disarm();
            ctx.fireChannelInactive();
        }
    }

    /** After the codec: a decoded request ends the deadline; the end of its response waits for the next one. */
    private final class Requests extends ChannelDuplexHandler {

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof HttpRequest) {
                disarm();
                inRequest = true;
            }
            ctx.fireChannelRead(msg);
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            // A 100 Continue ends nothing: the request's body is still to come.
            boolean informational = msg instanceof HttpResponse response && response.status().codeClass()
                    == HttpStatusClass.INFORMATIONAL;
            if (msg instanceof LastHttpContent && !informational) {
                inRequest = false;
            }
            ctx.write(msg, promise);
        }
    }
}
