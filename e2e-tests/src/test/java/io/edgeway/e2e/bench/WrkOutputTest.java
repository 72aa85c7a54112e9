package io.edgeway.e2e.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WrkOutputTest {

    private static final String RUN = """
            Running 10s test @ http://127.0.0.1:18080/hello/id
              2 threads and 32 connections
              Thread Stats   Avg      Stdev     Max   +/- Stdev
                Latency    23.84ms   12.16ms 152.24ms   75.82%
                Req/Sec   688.94    115.36     0.95k    71.50%
              Latency Distribution
                 50%  922.00us
                 75%   29.72ms
                 90%   37.48ms
                 99%    1.20s
              13770 requests in 10.08s, 4.93MB read
              Socket errors: connect 0, read 2, write 0, timeout 3
              Non-2xx or 3xx responses: 7
            Requests/sec:   1365.72
            Transfer/sec:    500.30KB
            """;

    @Test
    void readsRateLatenciesInMillisAndCounts() {
        WrkOutput wrk = WrkOutput.parse(RUN);

        assertThat(wrk.requestsPerSecond()).isEqualTo(1365.72);
        assertThat(wrk.p50Millis()).isEqualTo(0.922);
        assertThat(wrk.p99Millis()).isEqualTo(1200);
        assertThat(wrk.requests()).isEqualTo(13770);
        assertThat(wrk.non2xx()).isEqualTo(7);
        assertThat(wrk.socketErrors()).isEqualTo(5);
    }

    @Test
    void aCleanRunHasNoErrors() {
        WrkOutput wrk = WrkOutput.parse(RUN.replaceAll("(?m)^.*(Socket errors|Non-2xx).*\\n", ""));

        assertThat(wrk.non2xx()).isZero();
        assertThat(wrk.socketErrors()).isZero();
    }

    @Test
    void printsTheLineTheScriptsRead() {
        assertThat(WrkOutput.parse(RUN).line()).isEqualTo("1365.7 0.922 1200.000 13770 7 5");
    }

    @Test
    void okPerSecondLeavesOutTheNon2xxShare() {
        assertThat(new WrkOutput(100, 1, 2, 1000, 100, 0).okPerSecond()).isEqualTo(90);
        assertThat(new WrkOutput(0, 0, 0, 0, 0, 0).okPerSecond()).isZero();
    }
}
