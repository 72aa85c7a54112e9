package io.edgeway.gateway.auth;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;

import org.springframework.security.web.server.firewall.StrictServerWebExchangeFirewall;

import static org.assertj.core.api.Assertions.assertThat;

class PrintableAsciiFirstTest {

    private static final List<String> SAMPLES = List.of("", "Bearer eyJhbGciOiJSUzI1NiJ9.e30.c2ln", "a b~!", "tab\there",
            "nul\u0000", "cr\r", "lf\n", "del\u007F", "nel\u0085", "caf\u00E9", "\u20AC5", "unassigned\u0378",
            "pair\uD83D\uDE00", "lone\uD800", "x-forwarded-for", "X_Real_IP");

    @Test
    void allowsExactlyWhatTheFirewallAllowsForHeaderValues() {
        Predicate<String> fast = PrintableAsciiFirst.before(StrictServerWebExchangeFirewall.ALLOWED_HEADER_VALUES, true);
        for (String sample : SAMPLES) {
            assertThat(fast.test(sample)).as(sample)
                    .isEqualTo(StrictServerWebExchangeFirewall.ALLOWED_HEADER_VALUES.test(sample));
        }
    }

    @Test
    void allowsExactlyWhatTheFirewallAllowsForHeaderNames() {
        Predicate<String> fast = PrintableAsciiFirst.before(StrictServerWebExchangeFirewall.ALLOWED_HEADER_NAMES, false);
        for (String sample : SAMPLES) {
            assertThat(fast.test(sample)).as(sample)
                    .isEqualTo(StrictServerWebExchangeFirewall.ALLOWED_HEADER_NAMES.test(sample));
        }
    }

    @Test
    void answersPrintableAsciiWithoutTheFullCheck() {
        AtomicInteger asked = new AtomicInteger();
        Predicate<String> fast = PrintableAsciiFirst.before(value -> asked.incrementAndGet() < 0, true);

        assertThat(fast.test("Bearer eyJhbGciOiJSUzI1NiJ9.e30.c2ln")).isTrue();
        assertThat(fast.test("a\tb")).isTrue();
        assertThat(asked).hasValue(0);
        assertThat(fast.test("caf\u00E9")).isFalse();
        assertThat(asked).hasValue(1);
    }

    @Test
    void leavesAMissingValueToTheFullCheck() {
        Predicate<String> fast = PrintableAsciiFirst.before(StrictServerWebExchangeFirewall.ALLOWED_HEADER_VALUES, true);

        assertThat(fast.test(null)).isEqualTo(StrictServerWebExchangeFirewall.ALLOWED_HEADER_VALUES.test(null));
    }

    @Test
    void leavesTabsToTheFullCheckWhereItIsNotAllowedOutright() {
        Predicate<String> fast = PrintableAsciiFirst.before(StrictServerWebExchangeFirewall.ALLOWED_HEADER_NAMES, false);

        assertThat(fast.test("a\tb")).isFalse();
    }
}
