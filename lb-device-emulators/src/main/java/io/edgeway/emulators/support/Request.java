package io.edgeway.emulators.support;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/** One HTTP request to an emulated device, read in full. */
public record Request(String method, String rawPath, String rawQuery, Map<String, List<String>> headers, byte[] body) {

    public Request {
        TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, values) -> copy.put(name, List.copyOf(values)));
        headers = copy;
        body = body == null ? new byte[0] : body;
    }

    /** The first value of a header, or null. */
    public String header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** A cookie from the Cookie header; also from a Set-Cookie request header, which some NITRO clients send. */
    public Optional<String> cookie(String name) {
        for (String headerName : List.of("Cookie", "Set-Cookie")) {
            for (String header : headers.getOrDefault(headerName, List.of())) {
                for (String part : header.split(";")) {
                    String[] pair = part.trim().split("=", 2);
                    if (pair.length == 2 && pair[0].trim().equals(name)) {
                        return Optional.of(pair[1].trim());
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** Query parameters, URL-decoded ({@code +} is a space, so {@code $filter=partition+eq+P} reads naturally). */
    public Map<String, String> query() {
        Map<String, String> query = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return query;
        }
        for (String pair : rawQuery.split("&")) {
            String[] kv = pair.split("=", 2);
            query.put(decode(kv[0]), kv.length == 2 ? decode(kv[1]) : "");
        }
        return query;
    }

    /** The path split on '/', each segment still URL-encoded, without the empty leading one. */
    public List<String> rawSegments() {
        return Arrays.stream(rawPath.split("/")).filter(s -> !s.isEmpty()).toList();
    }

    /** The body as JSON; an empty body reads as a missing node. */
    public JsonNode json() {
        if (body.length == 0) {
            return Json.MAPPER.missingNode();
        }
        try {
            return Json.MAPPER.readTree(body);
        }
        catch (JacksonException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
        }
    }

    public static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    /** A decimal integer argument within {@code [min, max]}; empty when it is not one. */
    public static OptionalInt intInRange(String text, int min, int max) {
        try {
            int value = Integer.parseInt(text);
            return value >= min && value <= max ? OptionalInt.of(value) : OptionalInt.empty();
        }
        catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    /** Decodes a path segment (no {@code +} to space) up to twice: NITRO clients double-encode names. */
    public static String decodeSegment(String segment, int times) {
        String s = segment;
        for (int i = 0; i < times && s.contains("%"); i++) {
            s = URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        }
        return s;
    }
}
