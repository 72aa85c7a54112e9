package io.edgeway.gateway.support;

import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;

class JsonErrorBodyTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void writesStatusErrorAndReason() {
        assertThat(JsonErrorBody.render(HttpStatus.TOO_MANY_REQUESTS, "rate_limited", "retry after 1 s"))
                .isEqualTo("{\"status\":429,\"error\":\"rate_limited\",\"reason\":\"retry after 1 s\"}");
    }

    @Test
    void escapesQuotesAndBackslashes() {
        assertThat(JsonErrorBody.render(HttpStatus.BAD_REQUEST, "bad_request", "X-Canary must be \"v1\" or C:\\v2"))
                .endsWith("\"reason\":\"X-Canary must be \\\"v1\\\" or C:\\\\v2\"}");
    }

    @Test
    void escapesControlCharacters() {
        assertThat(JsonErrorBody.render(HttpStatus.BAD_REQUEST, "bad_request", "a\nb\rc\td\be\ff\u0000g\u001fh\u2028"))
                .endsWith("\"reason\":\"a\\nb\\rc\\td\\be\\ff\\u0000g\\u001fh\\u2028\"}");
    }

    @Test
    void hostileValuesReadBackUnchanged() {
        String reason = "\"},\"admin\":true,\"x\":{\"\\\u0007 \u00e9\u4e2d\ud83d\ude00";
        String error = "in\"valid";

        @SuppressWarnings("unchecked")
        Map<String, Object> parsed = JSON.readValue(JsonErrorBody.render(HttpStatus.UNAUTHORIZED, error, reason),
                Map.class);

        assertThat(parsed).containsOnlyKeys("status", "error", "reason").containsEntry("status", 401)
                .containsEntry("error", error).containsEntry("reason", reason);
    }

    @Test
    void aMissingReasonIsJsonNull() {
        assertThat(JsonErrorBody.render(HttpStatus.UNAUTHORIZED, "invalid_token", null)).endsWith("\"reason\":null}");
    }

    @Test
    void writeSetsStatusAndContentTypeAndBody() {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/x"));

        JsonErrorBody.write(exchange, HttpStatus.SERVICE_UNAVAILABLE, "overloaded", "busy \"now\"")
                .block();

        assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(exchange.getResponse().getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_JSON);
        assertThat(exchange.getResponse().getBodyAsString().block())
                .isEqualTo("{\"status\":503,\"error\":\"overloaded\",\"reason\":\"busy \\\"now\\\"\"}");
    }
}
