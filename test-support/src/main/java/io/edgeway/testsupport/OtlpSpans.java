package io.edgeway.testsupport;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Reads the spans out of an OTLP/HTTP export ({@code ExportTraceServiceRequest} in protobuf), knowing only the few
 * fields a test asserts on; everything else is skipped by its wire type. Saves the tests a protobuf runtime.
 */
final class OtlpSpans {

    private OtlpSpans() {
    }

    static List<ReceivedSpan> decode(byte[] export) {
        List<ReceivedSpan> spans = new ArrayList<>();
        for (Field resourceSpans : fields(export)) {
            if (resourceSpans.number != 1) {
                continue;
            }
            String service = null;
            List<byte[]> scopeSpans = new ArrayList<>();
            for (Field field : fields(resourceSpans.bytes)) {
                if (field.number == 1) {
                    service = attributes(field.bytes, 1).get("service.name");
                }
                else if (field.number == 2) {
                    scopeSpans.add(field.bytes);
                }
            }
            for (byte[] scope : scopeSpans) {
                for (Field span : fields(scope)) {
                    if (span.number == 2) {
                        spans.add(span(service, span.bytes));
                    }
                }
            }
        }
        return spans;
    }

    private static ReceivedSpan span(String service, byte[] span) {
        HexFormat hex = HexFormat.of();
        String traceId = "";
        String spanId = "";
        String parent = "";
        String name = "";
        for (Field field : fields(span)) {
            switch (field.number) {
                case 1 -> traceId = hex.formatHex(field.bytes);
                case 2 -> spanId = hex.formatHex(field.bytes);
                case 4 -> parent = hex.formatHex(field.bytes);
                case 5 -> name = new String(field.bytes, StandardCharsets.UTF_8);
                default -> {
                }
            }
        }
        return new ReceivedSpan(service, traceId, spanId, parent, name, attributes(span, 9));
    }

    /** The string attributes ({@code KeyValue} messages) in field {@code number} of a message. */
    private static Map<String, String> attributes(byte[] message, int number) {
        Map<String, String> attributes = new HashMap<>();
        for (Field field : fields(message)) {
            if (field.number != number) {
                continue;
            }
            String key = null;
            String value = null;
            for (Field keyValue : fields(field.bytes)) {
                if (keyValue.number == 1) {
                    key = new String(keyValue.bytes, StandardCharsets.UTF_8);
                }
                else if (keyValue.number == 2) {
                    for (Field any : fields(keyValue.bytes)) {
                        if (any.number == 1) {
                            value = new String(any.bytes, StandardCharsets.UTF_8);
                        }
                    }
                }
            }
            if (key != null && value != null) {
                attributes.put(key, value);
            }
        }
        return attributes;
    }

    /** The length-delimited fields of a message (the only kind read here); the others are skipped. */
    private static List<Field> fields(byte[] message) {
        List<Field> fields = new ArrayList<>();
        int[] at = { 0 };
        while (at[0] < message.length) {
            long tag = varint(message, at);
            int number = (int) (tag >>> 3);
            switch ((int) (tag & 7)) {
                case 0 -> varint(message, at);
                case 1 -> at[0] += 8;
                case 5 -> at[0] += 4;
                case 2 -> {
                    int length = (int) varint(message, at);
                    byte[] bytes = new byte[length];
                    System.arraycopy(message, at[0], bytes, 0, length);
                    at[0] += length;
                    fields.add(new Field(number, bytes));
                }
                default -> throw new IllegalArgumentException("unsupported protobuf wire type in tag " + tag);
            }
        }
        return fields;
    }

    private static long varint(byte[] message, int[] at) {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = message[at[0]++];
            value |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new IllegalArgumentException("malformed varint");
    }

    private record Field(int number, byte[] bytes) {
    }
}
