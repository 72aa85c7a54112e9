package io.edgeway.gateway.auth;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.web.server.authentication.ServerBearerTokenAuthenticationConverter;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;

import static org.assertj.core.api.Assertions.assertThat;

/** The converter answers exactly as Spring Security's regular-expression one, on hand-picked and random headers. */
class BearerTokenConverterTest {

    private final ServerAuthenticationConverter ours = new BearerTokenConverter();

    private final ServerAuthenticationConverter spring = new ServerBearerTokenAuthenticationConverter();

    @Test
    void readsATokenAsSpringSecurityDoes() {
        assertThat(answer(ours, "Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhIn0.c2ln-_~+/==")).isEqualTo(
                "token eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhIn0.c2ln-_~+/==");
        assertThat(answer(ours, "Basic dXNlcjpwYXNz")).isEqualTo("none");
        assertThat(answer(ours, "Bearer a b")).isEqualTo("error invalid_token Bearer token is malformed");
    }

    @Test
    void agreesWithSpringSecurityOnEveryHeader() {
        List<String> values = new ArrayList<>(List.of("Bearer x", "bearer x", "BEARER x", "bEaReR x", "Bearer  x",
                "Bearer\tx", "Bearer", "Bearer ", "bearer", "Bearerx", "Bearer x\n", "Bearer x ", "Bearer ==",
                "Bearer a==", "Bearer a=b", "Bearer =a", "Bearer a.b.c", "Bearer \u212A", "B\u00e9arer x",
                "Bearer x\u00e9", "Bearer a/b+c~d_e-f.g", "Bearerr x", "Basic x", "", " Bearer x", "Token x"));
        Random random = new Random(42);
        String alphabet = "Bbearr E=aZz09-._~+/ \t\u00e9\u212A,;\"";
        for (int i = 0; i < 5000; i++) {
            StringBuilder value = new StringBuilder(random.nextBoolean() ? "Bearer " : random.nextBoolean() ? "bearer" : "");
            for (int n = random.nextInt(12); n > 0; n--) {
                value.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            values.add(value.toString());
        }
        for (String value : values) {
            assertThat(answer(ours, value)).as("Authorization: %s", value).isEqualTo(answer(spring, value));
        }
        assertThat(answer(ours, null)).isEqualTo(answer(spring, null)).isEqualTo("none");
    }

    /** "token T", "none" or "error CODE DESCRIPTION". */
    private static String answer(ServerAuthenticationConverter converter, String authorization) {
        MockServerHttpRequest.BaseBuilder<?> request = MockServerHttpRequest.get("/api/x");
        if (authorization != null) {
            request.header(HttpHeaders.AUTHORIZATION, authorization);
        }
        try {
            Authentication authentication = Mono.defer(() -> converter.convert(MockServerWebExchange.from(request)))
                    .block();
            return authentication == null ? "none"
                    : "token " + ((BearerTokenAuthenticationToken) authentication).getToken();
        }
        catch (OAuth2AuthenticationException ex) {
            return "error " + ex.getError().getErrorCode() + " " + ex.getError().getDescription();
        }
    }
}
