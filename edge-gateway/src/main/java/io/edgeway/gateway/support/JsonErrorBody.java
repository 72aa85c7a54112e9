package io.edgeway.gateway.support;

import java.nio.charset.StandardCharsets;

import io.edgeway.gateway.accesslog.AccessRecord;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;

/**
 * The gateway's own error answers: {@code {"status":429,"error":"rate_limited","reason":"..."}}, with every value
 * escaped as a JSON string, so a reason that quotes a header or a token's complaint cannot break the body.
 */
public final class JsonErrorBody {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private JsonErrorBody() {
    }

    /**
     * Sets the status and content type and writes the body; headers such as {@code Retry-After} are the caller's.
     * The error is the refusal reason of the request's access-log line.
     */
    public static Mono<Void> write(ServerWebExchange exchange, HttpStatusCode status, String error, String reason) {
        AccessRecord.refused(exchange, error);
        ServerHttpResponse response = exchange.getResponse();
        response.setStatusCode(status);
        response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
        byte[] body = render(status, error, reason).getBytes(StandardCharsets.UTF_8);
        return response.writeWith(Mono.fromSupplier(() -> response.bufferFactory().wrap(body)));
    }

    /** The body as text. */
    public static String render(HttpStatusCode status, String error, String reason) {
        StringBuilder json = new StringBuilder(128).append("{\"status\":").append(status.value())
                .append(",\"error\":");
        quote(error, json).append(",\"reason\":");
        return quote(reason, json).append('}').toString();
    }

    /** Appends the value as a JSON string (RFC 8259: quote, backslash and control characters escaped), or null. */
    static StringBuilder quote(String value, StringBuilder json) {
        if (value == null) {
            return json.append("null");
        }
        json.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                case '\b' -> json.append("\\b");
                case '\f' -> json.append("\\f");
                default -> {
                    // U+2028 and U+2029 are valid JSON but end a line in JavaScript source.
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        json.append("\\u").append(HEX[c >> 12 & 0xF]).append(HEX[c >> 8 & 0xF])
                                .append(HEX[c >> 4 & 0xF]).append(HEX[c & 0xF]);
                    }
                    else {
                        json.append(c);
                    }
                }
            }
        }
        return json.append('"');
    }
}
