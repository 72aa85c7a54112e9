import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * What one request costs the gateway, from a JDK Flight Recorder file taken under a fixed request rate
 * (bench/profile-bench.sh): bytes allocated per request, and where the CPU samples fall.
 *
 * <pre>
 * java JfrShares.java FILE.jfr REQUESTS [TOP]
 * </pre>
 *
 * <ul>
 * <li>Allocation: the growth of every thread's allocated bytes over the recording
 * ({@code jdk.ThreadAllocationStatistics}, written at its start and end), divided by REQUESTS, the requests the
 * gateway answered meanwhile; in all, and on the Reactor Netty threads alone (the data path, without the Eureka
 * client's and JFR's own threads).</li>
 * <li>CPU: {@code jdk.ExecutionSample}s, as the share of samples with a frame of each known cost on the stack
 * (inclusive), then the methods most often on top (self), then the allocation samples
 * ({@code jdk.ObjectAllocationSample}, by weight) by the first frame outside the JDK. Record with
 * {@code -XX:FlightRecorderOptions:stackdepth=1024}: the default 64 frames cut a Reactor stack short.</li>
 * </ul>
 * Prints Markdown-ready lines; only shares and bytes mean something on a shared machine, not CPU time.
 */
public final class JfrShares {

    /** Costs looked for on the sampled stacks: a label and the frames ("Class.method" prefixes) that make it. */
    private static final Map<String, List<String>> COSTS = new LinkedHashMap<>();

    static {
        COSTS.put("RouteAccessFilter (identity headers)", List.of("io.edgeway.gateway.auth.RouteAccessFilter.withIdentityHeaders"));
        COSTS.put("ClientAddressFilter", List.of("io.edgeway.gateway.client.ClientAddressFilter.filter"));
        COSTS.put("request mutate (header copy)", List.of(
                "org.springframework.http.server.reactive.DefaultServerHttpRequestBuilder.<init>",
                "org.springframework.http.server.reactive.DefaultServerHttpRequestBuilder.build"));
        COSTS.put("bearer token resolve", List.of(
                "org.springframework.security.oauth2.server.resource.web.server.authentication.ServerBearerTokenAuthenticationConverter",
                "org.springframework.security.oauth2.server.resource.web.server.authentication.ServerBearerTokenAuthenticationConverter.convert"));
        COSTS.put("java.util.regex", List.of("java.util.regex."));
        COSTS.put("Micrometer observation", List.of("io.micrometer.observation."));
        COSTS.put("Micrometer meters", List.of("io.micrometer.core."));
        COSTS.put("load-balancer bean look-ups", List.of(
                "org.springframework.cloud.context.named.NamedContextFactory.getInstance",
                "org.springframework.cloud.context.named.NamedContextFactory.getInstances",
                "org.springframework.cloud.context.named.NamedContextFactory.getProvider",
                "org.springframework.cloud.loadbalancer.support.LoadBalancerClientFactory.getInstance",
                "org.springframework.cloud.loadbalancer.support.LoadBalancerClientFactory.getLazyProvider",
                "org.springframework.beans.factory.support.DefaultListableBeanFactory"));
        COSTS.put("load balancer (all)", List.of("org.springframework.cloud.gateway.filter.ReactiveLoadBalancerClientFilter.filter"));
        COSTS.put("security chain (all)", List.of("org.springframework.security.web.server.WebFilterChainProxy.filter"));
        COSTS.put("JWT decode", List.of("io.edgeway.gateway.auth.EdgeJwtDecoder"));
        COSTS.put("route lookup", List.of("org.springframework.cloud.gateway.handler.RoutePredicateHandlerMapping.lookupRoute"));
    }

    private JfrShares() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: java JfrShares.java FILE.jfr REQUESTS [TOP]");
            System.exit(2);
        }
        double requests = Double.parseDouble(args[1]);
        int top = args.length > 2 ? Integer.parseInt(args[2]) : 15;
        Map<Long, long[]> allocatedByThread = new HashMap<>();
        Map<Long, String> threadNames = new HashMap<>();
        Instant first = null;
        Instant last = null;
        int samples = 0;
        Map<String, Integer> inclusive = new LinkedHashMap<>();
        COSTS.keySet().forEach(label -> inclusive.put(label, 0));
        Map<String, Integer> self = new HashMap<>();
        Map<String, Long> allocationSites = new HashMap<>();
        long allocationWeight = 0;
        try (RecordingFile file = new RecordingFile(Path.of(args[0]))) {
            while (file.hasMoreEvents()) {
                RecordedEvent event = file.readEvent();
                String type = event.getEventType().getName();
                switch (type) {
                    case "jdk.ThreadAllocationStatistics" -> {
                        long thread = event.getLong("thread.javaThreadId");
                        long allocated = event.getLong("allocated");
                        threadNames.putIfAbsent(thread, event.getString("thread.javaName"));
                        allocatedByThread.merge(thread, new long[] { allocated, allocated },
                                (a, b) -> new long[] { Math.min(a[0], b[0]), Math.max(a[1], b[1]) });
                        Instant at = event.getStartTime();
                        first = first == null || at.isBefore(first) ? at : first;
                        last = last == null || at.isAfter(last) ? at : last;
                    }
                    case "jdk.ExecutionSample" -> {
                        RecordedStackTrace stack = event.getStackTrace();
                        if (stack == null || stack.getFrames().isEmpty()) {
                            continue;
                        }
                        samples++;
                        Set<String> hit = new HashSet<>();
                        for (RecordedFrame frame : stack.getFrames()) {
                            String name = name(frame);
                            COSTS.forEach((label, prefixes) -> {
                                if (!hit.contains(label) && prefixes.stream().anyMatch(name::startsWith)) {
                                    hit.add(label);
                                }
                            });
                        }
                        hit.forEach(label -> inclusive.merge(label, 1, Integer::sum));
                        self.merge(name(stack.getFrames().get(0)), 1, Integer::sum);
                    }
                    case "jdk.ObjectAllocationSample" -> {
                        long weight = event.getLong("weight");
                        allocationWeight += weight;
                        RecordedStackTrace stack = event.getStackTrace();
                        String site = "?";
                        if (stack != null) {
                            for (RecordedFrame frame : stack.getFrames()) {
                                String name = name(frame);
                                if (!name.startsWith("java.") && !name.startsWith("jdk.") && !name.startsWith("sun.")) {
                                    site = name;
                                    break;
                                }
                            }
                        }
                        allocationSites.merge(site + " <- " + event.getClass("objectClass").getName(), weight, Long::sum);
                    }
                    default -> {
                    }
                }
            }
        }
        double seconds = first == null ? 0 : Duration.between(first, last).toNanos() / 1e9;
        long allocated = allocatedByThread.values().stream().mapToLong(a -> a[1] - a[0]).sum();
        Map<String, Long> byPool = new HashMap<>();
        allocatedByThread.forEach((thread, a) -> byPool.merge(
                String.valueOf(threadNames.get(thread)).replaceAll("[0-9]+$", "N"), a[1] - a[0], Long::sum));
        long dataPath = byPool.entrySet().stream().filter(e -> e.getKey().startsWith("reactor-http-"))
                .mapToLong(Map.Entry::getValue).sum();
        System.out.printf(Locale.ROOT, "window: %.1f s, %.0f requests answered (%.0f/s)%n", seconds, requests,
                requests / seconds);
        System.out.printf(Locale.ROOT, "allocated per request: %.0f bytes on the reactor-http threads, %.0f in all%n",
                dataPath / requests, allocated / requests);
        byPool.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(5)
                .forEach(e -> System.out.printf(Locale.ROOT, "  %s: %.0f bytes per request%n", e.getKey(),
                        e.getValue() / requests));
        System.out.printf(Locale.ROOT, "%nexecution samples: %d%n| cost (inclusive) | share of samples |%n| --- | ---: |%n",
                samples);
        int total = samples;
        inclusive.forEach((label, count) -> System.out.printf(Locale.ROOT, "| %s | %.1f %% |%n", label,
                100.0 * count / Math.max(total, 1)));
        System.out.printf(Locale.ROOT, "%ntop %d methods on top of the stack (self):%n", top);
        self.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(top)
                .forEach(e -> System.out.printf(Locale.ROOT, "  %5.1f %%  %s%n", 100.0 * e.getValue() / Math.max(total, 1),
                        e.getKey()));
        System.out.printf(Locale.ROOT, "%ntop %d allocation sites (first frame outside the JDK <- class), share of sampled weight:%n",
                top);
        long weights = Math.max(allocationWeight, 1);
        List<Map.Entry<String, Long>> sites = new ArrayList<>(allocationSites.entrySet());
        sites.sort(Comparator.comparing(Map.Entry<String, Long>::getValue).reversed());
        sites.stream().limit(top).forEach(e -> System.out.printf(Locale.ROOT, "  %5.1f %%  %s%n",
                100.0 * e.getValue() / weights, e.getKey()));
    }

    private static String name(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }
}
