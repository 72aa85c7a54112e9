import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An open-loop HTTP load driver for bench/: sends at a fixed rate whatever the answers do, and measures each
 * request from the time it was scheduled to be sent, so a stalled server shows as latency instead of as fewer
 * requests (no coordinated omission).
 *
 * <pre>
 * java OpenLoop.java SECONDS WARMUP-SECONDS STREAM...
 *   STREAM = NAME RATE URL [HEADER:VALUE ...] separated by '|' , e.g. 'critical|40|http://h/api/x|X-Priority:critical'
 * </pre>
 *
 * The streams are interleaved on one schedule. Requests scheduled in the first WARMUP-SECONDS are sent but not
 * counted. Prints one tab-separated line per stream: name, rate, counted, 2xx, 429, 503 with {@code Retry-After}
 * (shed), other statuses (a 503 without it among them), errors,
 * then p50, p99, p99.9 and max of the 2xx answers and p50 and p99 of the refusals (429 and 503), in milliseconds,
 * and the achieved send rate; the header line names the columns.
 *
 * <p>One thread does everything on one NIO selector, with keep-alive HTTP/1.1 connections opened as needed: no
 * client library and no thread hand-over between the clock and the socket (the {@code java.net.http} client this
 * replaced put 57-88 ms on the p99 of a plain backend at ~1,000 requests/s; this one, 1.6 ms).
 */
public final class OpenLoop {

    private static final long TIMEOUT_NANOS = 10_000_000_000L;

    private OpenLoop() {
    }

    record Stream(String name, double rate, InetSocketAddress address, byte[] request, List<long[]> results) {
    }

    /** A request on the wire: which stream, when it was due, and whether it counts. */
    record Pending(Stream stream, long due, boolean counted) {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: java OpenLoop.java SECONDS WARMUP-SECONDS 'NAME|RATE|URL[|HEADER:VALUE...]'...");
            System.exit(2);
        }
        double seconds = Double.parseDouble(args[0]);
        double warmup = Double.parseDouble(args[1]);
        List<Stream> streams = new ArrayList<>();
        for (String spec : Arrays.asList(args).subList(2, args.length)) {
            String[] f = spec.split("\\|");
            URI uri = URI.create(f[2]);
            StringBuilder request = new StringBuilder("GET ").append(uri.getRawPath())
                    .append(uri.getRawQuery() != null ? "?" + uri.getRawQuery() : "").append(" HTTP/1.1\r\nHost: ")
                    .append(uri.getHost()).append(':').append(uri.getPort()).append("\r\n");
            for (int i = 3; i < f.length; i++) {
                int colon = f[i].indexOf(':');
                request.append(f[i].substring(0, colon).trim()).append(": ").append(f[i].substring(colon + 1).trim())
                        .append("\r\n");
            }
            streams.add(new Stream(f[0], Double.parseDouble(f[1]), new InetSocketAddress(uri.getHost(), uri.getPort()),
                    request.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1), new ArrayList<>()));
        }
        // One thread, one selector, keep-alive connections opened as needed (one request at a time on each): no
        // client library and no hand-over between threads between the clock and the socket.
        Selector selector = Selector.open();
        Map<InetSocketAddress, ArrayDeque<Connection>> idle = new HashMap<>();
        int[] inFlight = {0};

        // One merged schedule: each stream's k-th request is due at start + k / rate.
        long[] next = new long[streams.size()];
        long[] sent = new long[streams.size()];
        long start = System.nanoTime() + 200_000_000L;
        long end = start + (long) (seconds * 1e9);
        long countFrom = start + (long) (warmup * 1e9);
        Arrays.fill(next, start);
        while (true) {
            int s = 0;
            for (int i = 1; i < streams.size(); i++) {
                if (next[i] < next[s]) {
                    s = i;
                }
            }
            long due = next[s];
            if (due >= end) {
                break;
            }
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                if (wait >= 1_000_000L) {
                    selector.select(wait / 1_000_000L);
                }
                else {
                    selector.selectNow();
                }
                handleAnswers(selector, idle, inFlight);
            }
            Stream stream = streams.get(s);
            sent[s]++;
            next[s] = start + (long) (sent[s] * 1e9 / stream.rate());
            Pending pending = new Pending(stream, due, due >= countFrom);
            ArrayDeque<Connection> pool = idle.computeIfAbsent(stream.address(), k -> new ArrayDeque<>());
            Connection connection = pool.poll();
            while (connection != null && !connection.isOpen()) {
                connection = pool.poll(); // closed by the server while idle
            }
            try {
                if (connection == null) {
                    connection = Connection.open(stream.address(), selector);
                }
                connection.send(pending);
                inFlight[0]++;
            }
            catch (IOException ex) {
                record(pending, -1);
                if (connection != null) {
                    connection.close();
                }
            }
        }
        long sendSeconds = System.nanoTime() - start;
        long deadline = System.nanoTime() + TIMEOUT_NANOS;
        while (inFlight[0] > 0 && System.nanoTime() < deadline) {
            selector.select(100);
            handleAnswers(selector, idle, inFlight);
        }
        for (SelectionKey key : selector.keys()) {
            Connection connection = (Connection) key.attachment();
            if (connection.pending != null) {
                record(connection.pending, -1); // no answer within the timeout
            }
        }
        System.out.println("stream\trate\tcounted\tok\tr429\tr503\tother\terrors\tok_p50_ms\tok_p99_ms\tok_p999_ms\tok_max_ms"
                + "\trefused_p50_ms\trefused_p99_ms\tsent_per_s");
        for (int i = 0; i < streams.size(); i++) {
            Stream stream = streams.get(i);
            List<long[]> results = stream.results();
            long ok = 0, r429 = 0, r503 = 0, other = 0, errors = 0;
            List<Long> okLatency = new ArrayList<>();
            List<Long> refusedLatency = new ArrayList<>();
            for (long[] r : results) {
                if (r[0] == -1) {
                    errors++;
                }
                else if (r[0] >= 200 && r[0] < 300) {
                    ok++;
                    okLatency.add(r[1]);
                }
                else if (r[0] == 429 || r[0] == 503) {
                    if (r[0] == 429) {
                        r429++;
                    }
                    else {
                        r503++;
                    }
                    refusedLatency.add(r[1]);
                }
                else {
                    other++;
                }
            }
            okLatency.sort(null);
            refusedLatency.sort(null);
            System.out.println(String.join("\t", stream.name(), fmt(stream.rate()), Long.toString(results.size()),
                    Long.toString(ok), Long.toString(r429), Long.toString(r503), Long.toString(other),
                    Long.toString(errors), ms(okLatency, 0.50), ms(okLatency, 0.99), ms(okLatency, 0.999),
                    ms(okLatency, 1.0), ms(refusedLatency, 0.50), ms(refusedLatency, 0.99),
                    fmt(sent[i] / (sendSeconds / 1e9))));
        }
        System.exit(0);
    }

    private static void handleAnswers(Selector selector, Map<InetSocketAddress, ArrayDeque<Connection>> idle,
            int[] inFlight) {
        Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
        while (keys.hasNext()) {
            SelectionKey key = keys.next();
            keys.remove();
            Connection connection = (Connection) key.attachment();
            Pending pending = connection.pending;
            int status = connection.read();
            if (status == Connection.INCOMPLETE) {
                continue;
            }
            inFlight[0]--;
            record(pending, status);
            if (connection.isOpen()) {
                idle.computeIfAbsent(pending.stream().address(), k -> new ArrayDeque<>()).push(connection);
            }
        }
    }

    /**
     * Records an answer: its status, -1 for no answer, 0 for a 503 without {@code Retry-After} (not a load-shedding
     * refusal but, say, no instance found).
     */
    private static void record(Pending pending, int status) {
        if (pending.counted()) {
            pending.stream().results().add(new long[] {status, System.nanoTime() - pending.due()});
        }
    }

    /** One keep-alive HTTP/1.1 connection with at most one request on it. */
    static final class Connection {

        static final int INCOMPLETE = -2;

        private final SocketChannel channel;

        private ByteBuffer in = ByteBuffer.allocate(16 * 1024);

        Pending pending;

        private Connection(SocketChannel channel) {
            this.channel = channel;
        }

        static Connection open(InetSocketAddress address, Selector selector) throws IOException {
            SocketChannel channel = SocketChannel.open(address);
            channel.socket().setTcpNoDelay(true);
            channel.configureBlocking(false);
            Connection connection = new Connection(channel);
            channel.register(selector, SelectionKey.OP_READ, connection);
            return connection;
        }

        void send(Pending request) throws IOException {
            pending = request;
            ByteBuffer out = ByteBuffer.wrap(request.stream().request());
            while (out.hasRemaining()) {
                channel.write(out);
            }
        }

        /** Reads what arrived: the answer's status once it is complete, else {@link #INCOMPLETE}; -1 if it failed. */
        int read() {
            try {
                if (in.remaining() == 0) {
                    in = ByteBuffer.allocate(in.capacity() * 2).put(in.flip());
                }
                if (channel.read(in) < 0) {
                    close();
                    return pending == null ? INCOMPLETE : -1;
                }
                int status = parse();
                if (status != INCOMPLETE) {
                    in.clear();
                    pending = null;
                }
                return status;
            }
            catch (IOException | RuntimeException ex) {
                close();
                return -1;
            }
        }

        /** The status of a complete answer in the buffer (0 for a 503 without Retry-After), else INCOMPLETE. */
        private int parse() {
            String text = new String(in.array(), 0, in.position(), StandardCharsets.ISO_8859_1);
            int headersEnd = text.indexOf("\r\n\r\n");
            if (headersEnd < 0) {
                return INCOMPLETE;
            }
            String[] lines = text.substring(0, headersEnd).split("\r\n");
            int status = Integer.parseInt(lines[0].substring(9, 12));
            long length = -1;
            boolean chunked = false;
            boolean retryAfter = false;
            boolean closes = false;
            for (int i = 1; i < lines.length; i++) {
                String line = lines[i].toLowerCase(Locale.ROOT);
                String value = line.substring(line.indexOf(':') + 1).trim();
                if (line.startsWith("content-length:")) {
                    length = Long.parseLong(value);
                }
                else if (line.startsWith("transfer-encoding:")) {
                    chunked = value.contains("chunked");
                }
                else if (line.startsWith("retry-after:")) {
                    retryAfter = true;
                }
                else if (line.startsWith("connection:")) {
                    closes = value.contains("close");
                }
            }
            int body = headersEnd + 4;
            if (chunked) {
                while (true) {
                    int lineEnd = text.indexOf("\r\n", body);
                    if (lineEnd < 0) {
                        return INCOMPLETE;
                    }
                    int size = Integer.parseInt(text.substring(body, lineEnd).split(";")[0].trim(), 16);
                    body = lineEnd + 2 + size + 2;
                    if (body > text.length()) {
                        return INCOMPLETE;
                    }
                    if (size == 0) {
                        break;
                    }
                }
            }
            else if (length >= 0 && body + length > text.length()) {
                return INCOMPLETE;
            }
            if (closes) {
                close();
            }
            return status == 503 && !retryAfter ? 0 : status;
        }

        boolean isOpen() {
            return channel.isOpen();
        }

        void close() {
            try {
                channel.close();
            }
            catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    private static String ms(List<Long> sorted, double quantile) {
        if (sorted.isEmpty()) {
            return "nan";
        }
        int index = (int) Math.min(sorted.size() - 1, Math.max(0, Math.ceil(quantile * sorted.size()) - 1));
        return fmt(sorted.get(index) / 1e6);
    }

    private static String fmt(double value) {
        return String.format(Locale.ROOT, "%.3f", value);
    }
}
