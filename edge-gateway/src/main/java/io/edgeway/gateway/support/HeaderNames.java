package io.edgeway.gateway.support;

import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Header names as backends may read them: case-insensitive, and with {@code _} for {@code -} (CGI-style servers and
 * some frameworks take {@code X_Auth_Subject} for {@code X-Auth-Subject}), so a header is removed in every spelling.
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
}
