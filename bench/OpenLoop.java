import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

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
 */
public final class OpenLoop {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private OpenLoop() {
    }

    record Stream(String name, double rate, HttpRequest request, List<long[]> results) {
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
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(f[2])).timeout(TIMEOUT).GET();
            for (int i = 3; i < f.length; i++) {
                int colon = f[i].indexOf(':');
                request.header(f[i].substring(0, colon).trim(), f[i].substring(colon + 1).trim());
            }
            streams.add(new Stream(f[0], Double.parseDouble(f[1]), request.build(), new ArrayList<>()));
        }
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newFixedThreadPool(2)).connectTimeout(TIMEOUT).build();

        // One merged schedule: each stream's k-th request is due at start + k / rate.
        double total = streams.stream().mapToDouble(Stream::rate).sum();
        int planned = (int) Math.ceil(total * seconds) + streams.size();
        long[] next = new long[streams.size()];
        long[] sent = new long[streams.size()];
        CountDownLatch done = new CountDownLatch(planned);
        AtomicInteger issued = new AtomicInteger();
        long start = System.nanoTime() + 200_000_000L;
        long end = start + (long) (seconds * 1e9);
        long countFrom = start + (long) (warmup * 1e9);
        for (int i = 0; i < streams.size(); i++) {
            next[i] = start;
        }
        while (true) {
            int s = 0;
            for (int i = 1; i < streams.size(); i++) {
                if (next[i] < next[s]) {
                    s = i;
                }
            }
            long due = next[s];
            if (due >= end || issued.get() >= planned) {
                break;
            }
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(Math.min(wait, 1_000_000L));
            }
            Stream stream = streams.get(s);
            sent[s]++;
            next[s] = start + (long) (sent[s] * 1e9 / stream.rate());
            issued.incrementAndGet();
            boolean counted = due >= countFrom;
            client.sendAsync(stream.request(), HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
                long latency = System.nanoTime() - due;
                if (counted) {
                    synchronized (stream.results()) {
                        stream.results().add(new long[] { status(response, error), latency });
                    }
                }
                done.countDown();
            });
        }
        long sendSeconds = System.nanoTime() - start;
        for (int i = issued.get(); i < planned; i++) {
            done.countDown();
        }
        done.await();
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

    /**
     * The status, -1 for no answer; a 503 without {@code Retry-After} counts as "other" (it is not a load-shedding
     * refusal but, say, no instance found).
     */
    private static long status(HttpResponse<?> response, Throwable error) {
        if (error != null) {
            return -1;
        }
        if (response.statusCode() == 503 && response.headers().firstValue("Retry-After").isEmpty()) {
            return 0;
        }
        return response.statusCode();
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
