package io.edgeway.e2e.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

/**
 * A small HTTP/1.1 client on one NIO selector thread, for driving thousands of simulated clients from one JVM:
 * keep-alive connections per server address (at most {@code maxConnections} each; requests beyond wait for one),
 * a timer queue on the same thread, and latency measured from each request's due time, so that a request that
 * waits for a connection or for the thread counts that wait (no coordinated omission). Callbacks run on the loop
 * thread and must be short: hand parsing to another thread. ({@code java.net.http} put 57-88 ms on the p99 of a
 * plain backend at ~1,000 requests/s in bench/OpenLoop.java's tests; one selector thread with no hand-over does not.)
 */
final class LoopHttp implements AutoCloseable {

    private static final long TIMEOUT_NANOS = 10_000_000_000L;

    /** An answer: status (-1 when none came), body, and nanoseconds from the due time to the last byte. */
    record Response(int status, byte[] body, long latencyNanos) {

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private record Timed(long due, long seq, Runnable task) {
    }

    private record Exchange(InetSocketAddress address, byte[] request, long due, Consumer<Response> callback) {
    }

    private final int maxConnections;

    private final Selector selector;

    private final Thread thread;

    private final ConcurrentLinkedQueue<Timed> incoming = new ConcurrentLinkedQueue<>();

    private final PriorityQueue<Timed> timers = new PriorityQueue<>(
            (a, b) -> a.due() != b.due() ? Long.compare(a.due(), b.due()) : Long.compare(a.seq(), b.seq()));

    private final Map<InetSocketAddress, ArrayDeque<Connection>> idle = new HashMap<>();

    private final Map<InetSocketAddress, ArrayDeque<Exchange>> waiting = new HashMap<>();

    private final Map<InetSocketAddress, Integer> open = new HashMap<>();

    private final Set<Connection> busy = new HashSet<>();

    private long seq;

    private volatile boolean running = true;

    LoopHttp(String name, int maxConnections) {
        this.maxConnections = maxConnections;
        try {
            this.selector = Selector.open();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        this.thread = new Thread(this::loop, name);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Builds the bytes of a request (with a body when {@code body} is not null). */
    static byte[] request(String method, InetSocketAddress address, String pathAndQuery, Map<String, String> headers,
            byte[] body) {
        StringBuilder head = new StringBuilder(method).append(' ').append(pathAndQuery).append(" HTTP/1.1\r\nHost: ")
                .append(address.getHostString()).append(':').append(address.getPort()).append("\r\n");
        headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
        if (body != null || !method.equals("GET")) {
            head.append("Content-Length: ").append(body == null ? 0 : body.length).append("\r\n");
        }
        byte[] headBytes = head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
        if (body == null) {
            return headBytes;
        }
        byte[] all = Arrays.copyOf(headBytes, headBytes.length + body.length);
        System.arraycopy(body, 0, all, headBytes.length, body.length);
        return all;
    }

    /** Runs {@code task} on the loop thread at {@code due} ({@link System#nanoTime()}), or at once if past. */
    void schedule(long due, Runnable task) {
        incoming.add(new Timed(due, 0, task));
        if (Thread.currentThread() != thread) {
            selector.wakeup();
        }
    }

    /** Sends the request at {@code due}; {@code callback} gets the answer on the loop thread. */
    void send(InetSocketAddress address, byte[] request, long due, Consumer<Response> callback) {
        Exchange exchange = new Exchange(address, request, due, callback);
        schedule(due, () -> dispatch(exchange));
    }

    private void loop() {
        long nextTimeoutScan = System.nanoTime() + 1_000_000_000L;
        while (running) {
            try {
                Timed t;
                while ((t = incoming.poll()) != null) {
                    timers.add(new Timed(t.due(), seq++, t.task()));
                }
                long now = System.nanoTime();
                while (!timers.isEmpty() && timers.peek().due() <= now) {
                    run(timers.poll().task());
                }
                long wait = timers.isEmpty() ? 100 : Math.max(0, (timers.peek().due() - System.nanoTime()) / 1_000_000);
                if (!incoming.isEmpty()) {
                    selector.selectNow();
                }
                else if (wait == 0) {
                    selector.selectNow();
                }
                else {
                    selector.select(Math.min(wait, 100));
                }
                Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                while (keys.hasNext()) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    ((Connection) key.attachment()).onReadable();
                }
                if (System.nanoTime() > nextTimeoutScan) {
                    nextTimeoutScan = System.nanoTime() + 1_000_000_000L;
                    for (Connection c : Set.copyOf(busy)) {
                        if (System.nanoTime() - c.sentAt > TIMEOUT_NANOS) {
                            c.fail();
                        }
                    }
                }
            }
            catch (IOException | RuntimeException ex) {
                if (running) {
                    System.err.println("LoopHttp: " + ex);
                }
            }
        }
    }

    private static void run(Runnable task) {
        try {
            task.run();
        }
        catch (RuntimeException ex) {
            System.err.println("LoopHttp task failed: " + ex);
        }
    }

    private void dispatch(Exchange exchange) {
        ArrayDeque<Connection> pool = idle.computeIfAbsent(exchange.address(), k -> new ArrayDeque<>());
        Connection connection;
        while ((connection = pool.poll()) != null) {
            if (connection.channel.isOpen()) {
                connection.send(exchange, true);
                return;
            }
        }
        if (open.getOrDefault(exchange.address(), 0) < maxConnections) {
            openAndSend(exchange, true);
        }
        else {
            waiting.computeIfAbsent(exchange.address(), k -> new ArrayDeque<>()).add(exchange);
        }
    }

    private void openAndSend(Exchange exchange, boolean mayRetry) {
        try {
            SocketChannel channel = SocketChannel.open(exchange.address());
            channel.socket().setTcpNoDelay(true);
            channel.configureBlocking(false);
            Connection connection = new Connection(channel, exchange.address());
            channel.register(selector, SelectionKey.OP_READ, connection);
            open.merge(exchange.address(), 1, Integer::sum);
            connection.send(exchange, mayRetry);
        }
        catch (IOException ex) {
            complete(exchange, -1, new byte[0]);
        }
    }

    private void complete(Exchange exchange, int status, byte[] body) {
        Response response = new Response(status, body, System.nanoTime() - exchange.due());
        try {
            exchange.callback().accept(response);
        }
        catch (RuntimeException ex) {
            System.err.println("LoopHttp callback failed: " + ex);
        }
    }

    /** A connection is free again (or closed): give it, or a new one, to the next waiting request. */
    private void released(Connection connection) {
        ArrayDeque<Exchange> queue = waiting.get(connection.address);
        Exchange next = queue == null ? null : queue.poll();
        if (connection.channel.isOpen()) {
            if (next != null) {
                connection.send(next, true);
            }
            else {
                idle.computeIfAbsent(connection.address, k -> new ArrayDeque<>()).push(connection);
            }
        }
        else if (next != null) {
            openAndSend(next, true);
        }
    }

    @Override
    public void close() {
        running = false;
        selector.wakeup();
        try {
            thread.join(5000);
            for (SelectionKey key : selector.keys()) {
                key.channel().close();
            }
            selector.close();
        }
        catch (IOException | InterruptedException ex) {
            // closing anyway
        }
    }

    /** One keep-alive connection, one request at a time. */
    private final class Connection {

        private final SocketChannel channel;

        private final InetSocketAddress address;

        private ByteBuffer in = ByteBuffer.allocate(16 * 1024);

        private Exchange exchange;

        private boolean mayRetry;

        private long sentAt;

        private int headerEnd = -1;

        private int status;

        private long contentLength;

        private boolean chunked;

        private boolean closes;

        Connection(SocketChannel channel, InetSocketAddress address) {
            this.channel = channel;
            this.address = address;
        }

        void send(Exchange next, boolean retry) {
            exchange = next;
            mayRetry = retry;
            sentAt = System.nanoTime();
            busy.add(this);
            try {
                ByteBuffer out = ByteBuffer.wrap(next.request());
                while (out.hasRemaining()) {
                    channel.write(out);
                }
            }
            catch (IOException ex) {
                fail();
            }
        }

        void onReadable() {
            try {
                if (!in.hasRemaining()) {
                    in = ByteBuffer.allocate(in.capacity() * 2).put(in.flip());
                }
                int read = channel.read(in);
                if (read < 0) {
                    fail();
                    return;
                }
                parse();
            }
            catch (IOException | RuntimeException ex) {
                fail();
            }
        }

        /** Closes the connection; a request on it fails, or is sent again once if nothing of its answer came. */
        void fail() {
            closeChannel();
            Exchange failed = exchange;
            boolean nothingRead = in.position() == 0;
            reset();
            if (failed != null) {
                if (mayRetry && nothingRead) {
                    // The server closed an idle keep-alive connection as we reused it.
                    openAndSend(failed, false);
                    return;
                }
                complete(failed, -1, new byte[0]);
            }
            released(this);
        }

        private void closeChannel() {
            if (channel.isOpen()) {
                try {
                    channel.close();
                }
                catch (IOException ignored) {
                    // closed anyway
                }
                open.merge(address, -1, Integer::sum);
            }
        }

        private void reset() {
            busy.remove(this);
            exchange = null;
            in.clear();
            headerEnd = -1;
        }

        private void parse() {
            byte[] buf = in.array();
            int end = in.position();
            if (headerEnd < 0) {
                headerEnd = indexOf(buf, 0, end, "\r\n\r\n");
                if (headerEnd < 0) {
                    return;
                }
                String[] lines = new String(buf, 0, headerEnd, StandardCharsets.ISO_8859_1).split("\r\n");
                status = Integer.parseInt(lines[0].substring(9, 12));
                contentLength = -1;
                chunked = false;
                closes = false;
                for (int i = 1; i < lines.length; i++) {
                    String line = lines[i].toLowerCase(java.util.Locale.ROOT);
                    String value = line.substring(line.indexOf(':') + 1).trim();
                    if (line.startsWith("content-length:")) {
                        contentLength = Long.parseLong(value);
                    }
                    else if (line.startsWith("transfer-encoding:")) {
                        chunked = value.contains("chunked");
                    }
                    else if (line.startsWith("connection:")) {
                        closes = value.contains("close");
                    }
                }
                headerEnd += 4;
            }
            byte[] body;
            if (chunked) {
                body = dechunk(buf, headerEnd, end);
                if (body == null) {
                    return;
                }
            }
            else if (contentLength >= 0 || status == 204 || status == 304) {
                long length = Math.max(0, contentLength);
                if (end - headerEnd < length) {
                    return;
                }
                body = Arrays.copyOfRange(buf, headerEnd, headerEnd + (int) length);
            }
            else {
                return; // read until close: not used by the servers measured here
            }
            Exchange done = exchange;
            int doneStatus = status;
            reset();
            if (closes) {
                closeChannel();
            }
            complete(done, doneStatus, body);
            released(this);
        }

        /** The body of a complete chunked answer, or null while it is incomplete (checked without copying). */
        private static byte[] dechunk(byte[] buf, int from, int end) {
            int total = 0;
            int pos = from;
            while (true) {
                int lineEnd = indexOf(buf, pos, end, "\r\n");
                if (lineEnd < 0) {
                    return null;
                }
                String sizeText = new String(buf, pos, lineEnd - pos, StandardCharsets.ISO_8859_1).split(";")[0].trim();
                int size = Integer.parseInt(sizeText, 16);
                int dataStart = lineEnd + 2;
                if (size == 0) {
                    if (indexOf(buf, dataStart, end, "\r\n") < 0) {
                        return null;
                    }
                    break;
                }
                if (dataStart + size + 2 > end) {
                    return null;
                }
                total += size;
                pos = dataStart + size + 2;
            }
            byte[] body = new byte[total];
            int at = 0;
            pos = from;
            while (at < total) {
                int lineEnd = indexOf(buf, pos, end, "\r\n");
                int size = Integer.parseInt(
                        new String(buf, pos, lineEnd - pos, StandardCharsets.ISO_8859_1).split(";")[0].trim(), 16);
                System.arraycopy(buf, lineEnd + 2, body, at, size);
                at += size;
                pos = lineEnd + 2 + size + 2;
            }
            return body;
        }

        private static int indexOf(byte[] buf, int from, int end, String what) {
            byte[] pattern = what.getBytes(StandardCharsets.ISO_8859_1);
            outer:
            for (int i = from; i <= end - pattern.length; i++) {
                for (int j = 0; j < pattern.length; j++) {
                    if (buf[i + j] != pattern[j]) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }
    }
}
