package io.edgeway.gateway.support;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

import static org.assertj.core.api.Assertions.assertThat;

class HeaderNamesTest {

    private static final List<String> NAMES = List.of("X-Forwarded-For", "x_forwarded_host", "X-FORWARDED-", "Forwarded",
            "forwarded", "FORWARDED_", "X-Real-IP", "x_real_ip", "X-Real-IPs", "X-Forwarded", "Host", "",
            "X-Forwarded-\u0130", "X-Real-\u0130P", "\u212Aeep-Alive", "x-forwarded-for\u00e9");

    @Test
    void comparesAsNormalizeWouldWithoutMakingTheString() {
        for (String name : NAMES) {
            for (String normalized : List.of("x-forwarded-", "forwarded", "x-real-ip", "keep-alive", "")) {
                assertThat(HeaderNames.startsWithNormalized(name, normalized)).as("%s starts with %s", name, normalized)
                        .isEqualTo(HeaderNames.normalize(name).startsWith(normalized));
                assertThat(HeaderNames.equalsNormalized(name, normalized)).as("%s equals %s", name, normalized)
                        .isEqualTo(HeaderNames.normalize(name).equals(normalized));
            }
        }
    }

    @Test
    void spellingsAreEveryMixOfDashesAndUnderscores() {
        assertThat(HeaderNames.spellings("x-auth-subject")).containsExactlyInAnyOrder("x-auth-subject",
                "x_auth-subject", "x-auth_subject", "x_auth_subject");
        assertThat(HeaderNames.spellings("host")).containsExactly("host");
        assertThat(HeaderNames.spellings("x-auth-subject")).allMatch(s -> HeaderNames.normalize(s).equals("x-auth-subject"));
    }

    @Test
    void matchingListsEachNameThatPassesOnce() {
        MockServerHttpRequest request = MockServerHttpRequest.get("/").header("X-Forwarded-For", "a")
                .header("X-Forwarded-For", "b").header("x_real_ip", "c").header("Accept", "*/*").build();

        assertThat(HeaderNames.matching(request, name -> HeaderNames.startsWithNormalized(name, "x-")))
                .containsExactly("X-Forwarded-For", "x_real_ip");
        assertThat(HeaderNames.matching(request, name -> false)).isEmpty();
    }
}
