package io.edgeway.gateway.support;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import reactor.netty.http.server.HttpServerRequest;

import org.springframework.http.server.reactive.AbstractServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * Header names as backends may read them: case-insensitive, and with {@code _} for {@code -} (CGI-style servers and
 * some frameworks take {@code X_Auth_Subject} for {@code X-Auth-Subject}), so a header is removed in every spelling.
 *
 * <p>Every request passes here, so the checks compare in place instead of building normalized copies, and
 * {@link #matching} reads Reactor Netty's headers where it can: {@code HttpHeaders.headerNames()} copies every name
 * into two sets on each call.
 */
public final class HeaderNames {

    private HeaderNames() {
    }

    /** {@code X_Auth_Subject} and {@code x-auth-SUBJECT} both become {@code x-auth-subject}. */
    public static String normalize(String name) {
        return name.toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The normalized forms of these names. */
    public static Set<String> normalized(Collection<String> names) {
        return names.stream().map(HeaderNames::normalize).collect(Collectors.toUnmodifiableSet());
    }

    /** Whether {@code normalize(name)} starts with {@code prefix} (itself normalized), without making that string. */
    public static boolean startsWithNormalized(CharSequence name, String prefix) {
        if (!isAscii(name)) {
            return normalize(name.toString()).startsWith(prefix);
        }
        if (name.length() < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (normalized(name.charAt(i)) != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code normalize(name)} equals {@code normalized}, without making that string. */
    public static boolean equalsNormalized(CharSequence name, String normalized) {
        if (!isAscii(name)) {
            return normalize(name.toString()).equals(normalized);
        }
        return name.length() == normalized.length() && startsWithNormalized(name, normalized);
    }

    /**
     * Every name that normalizes to {@code normalized}, up to case: {@code x-auth-id} gives {@code x-auth-id},
     * {@code x-auth_id}, {@code x_auth-id} and {@code x_auth_id}. Header look-ups ignore case, so looking each of
     * them up finds every header a backend could take for that name.
     */
    public static List<String> spellings(String normalized) {
        List<String> spellings = new ArrayList<>(List.of(normalized));
        for (int i = 0; i < normalized.length(); i++) {
            if (normalized.charAt(i) == '-') {
                int at = i;
                List<String> underscored = spellings.stream()
                        .map(s -> s.substring(0, at) + '_' + s.substring(at + 1)).toList();
                spellings.addAll(underscored);
            }
        }
        return List.copyOf(spellings);
    }

    /**
     * The request's header names that pass the test, each once; usually none, and then nothing is allocated. A
     * request as Reactor Netty received it (not mutated, not decorated) is read in place.
     */
    public static List<String> matching(ServerHttpRequest request, Predicate<CharSequence> test) {
        List<String> found = List.of();
        if (nativeRequest(request) instanceof HttpServerRequest reactor) {
            Iterator<Map.Entry<CharSequence, CharSequence>> headers = reactor.requestHeaders().iteratorCharSequence();
            while (headers.hasNext()) {
                CharSequence name = headers.next().getKey();
                if (test.test(name)) {
                    found = with(found, name.toString());
                }
            }
            return found;
        }
        for (String name : request.getHeaders().headerNames()) {
            if (test.test(name)) {
                found = with(found, name);
            }
        }
        return found;
    }

    /** The server's own request under a request that is neither decorated nor mutated, else null. */
    private static Object nativeRequest(ServerHttpRequest request) {
        if (!(request instanceof AbstractServerHttpRequest received)) {
            return null;
        }
        try {
            return received.getNativeRequest();
        }
        catch (IllegalStateException none) {
            return null; // a mock request, which has none
        }
    }

    private static List<String> with(List<String> found, String name) {
        List<String> more = found.isEmpty() ? new ArrayList<>(2) : found;
        if (!more.contains(name)) {
            more.add(name);
        }
        return more;
    }

    private static char normalized(char c) {
        if (c == '_') {
            return '-';
        }
        return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
    }

    /** Names outside ASCII are compared as {@link #normalize} does (a few characters lowercase to two). */
    private static boolean isAscii(CharSequence name) {
        for (int i = 0; i < name.length(); i++) {
            if (name.charAt(i) > 127) {
                return false;
            }
        }
        return true;
    }
}
