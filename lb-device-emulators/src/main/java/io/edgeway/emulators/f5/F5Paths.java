package io.edgeway.emulators.f5;

import io.edgeway.emulators.support.Request;

/** F5 object paths: {@code /Partition[/folder]/name} in bodies, {@code ~Partition~name} in URLs. */
final class F5Paths {

    static final String VERSION = "?ver=15.1.0";

    private F5Paths() {
    }

    /** A full path from a URL segment: {@code ~P~name} or {@code ~P~folder~name}; a bare name lives in {@code Common}. */
    static String fromUrl(String rawSegment) {
        String segment = Request.decodeSegment(rawSegment, 1);
        if (!segment.startsWith("~")) {
            return "/Common/" + segment;
        }
        return segment.replace('~', '/');
    }

    static String toUrl(String fullPath) {
        return fullPath.replace('/', '~');
    }

    static String partitionOf(String fullPath) {
        int end = fullPath.indexOf('/', 1);
        return end < 0 ? "" : fullPath.substring(1, end);
    }

    static String nameOf(String fullPath) {
        return fullPath.substring(fullPath.lastIndexOf('/') + 1);
    }

    static String fullPath(String partition, String name) {
        return name.startsWith("/") ? name : "/" + partition + "/" + name;
    }
}
