package io.edgeway.gateway.tls;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HttpsRedirectServerTest {

    @Test
    void redirectsToTheRequestedHostOnTheHttpsPort() {
        assertThat(HttpsRedirectServer.location("example.com:80", "/a?b=c", 8443))
                .isEqualTo("https://example.com:8443/a?b=c");
        assertThat(HttpsRedirectServer.location("[::1]:8080", "/", 8443)).isEqualTo("https://[::1]:8443/");
    }

    @Test
    void leavesTheDefaultPortOut() {
        assertThat(HttpsRedirectServer.location("example.com", "/x", 443)).isEqualTo("https://example.com/x");
    }

    @Test
    void refusesHostsThatWouldRedirectElsewhere() {
        assertThat(HttpsRedirectServer.location("evil.com/@x", "/", 8443)).isNull();
        assertThat(HttpsRedirectServer.location("a b", "/", 8443)).isNull();
        assertThat(HttpsRedirectServer.location(null, "/", 8443)).isNull();
    }

    @Test
    void keepsOnlyAPathUri() {
        assertThat(HttpsRedirectServer.location("example.com", "http://other.example/x", 443))
                .isEqualTo("https://example.com/");
    }
}
