package io.edgeway.gateway.rules;

import java.util.List;
import java.util.Map;
import java.util.Set;

import io.edgeway.gateway.rules.RouteAccess.Decision;
import io.edgeway.gateway.rules.RouteAccess.Identity;
import io.edgeway.gateway.settings.AccessLevel;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class RouteAccessTest {

    private final Identity alice = new Identity("alice", Set.of("api", "read"));

    @Test
    void routeWithoutMetadataGetsTheDefaultLevel() {
        assertThat(RouteAccess.fromMetadata(Map.of(), AccessLevel.AUTHENTICATED).decide(null))
                .isEqualTo(Decision.UNAUTHENTICATED);
        assertThat(RouteAccess.fromMetadata(Map.of(), AccessLevel.PUBLIC).decide(null)).isEqualTo(Decision.ALLOW);
    }

    @Test
    void publicRouteAllowsAnonymousCallers() {
        assertThat(RouteAccess.fromMetadata(Map.of("access", "public"), AccessLevel.AUTHENTICATED).decide(null))
                .isEqualTo(Decision.ALLOW);
    }

    @Test
    void scopesImplyAuthentication() {
        RouteAccess access = RouteAccess.fromMetadata(Map.of("scopes", "api"), AccessLevel.PUBLIC);

        assertThat(access.level()).isEqualTo(AccessLevel.AUTHENTICATED);
        assertThat(access.decide(null)).isEqualTo(Decision.UNAUTHENTICATED);
    }

    @Test
    void everyRequiredScopeMustBePresent() {
        RouteAccess access = RouteAccess.fromMetadata(Map.of("scopes", "api, write"), AccessLevel.AUTHENTICATED);

        assertThat(access.decide(alice)).isEqualTo(Decision.INSUFFICIENT_SCOPE);
        assertThat(access.decide(new Identity("bob", Set.of("api", "write", "x")))).isEqualTo(Decision.ALLOW);
    }

    @Test
    void scopesMayBeAYamlList() {
        assertThat(RouteAccess.fromMetadata(Map.of("scopes", Map.of("0", "api", "1", "read")), AccessLevel.PUBLIC).scopes())
                .containsExactlyInAnyOrder("api", "read");
        assertThat(RouteAccess.fromMetadata(Map.of("scopes", List.of("api")), AccessLevel.PUBLIC).scopes())
                .containsExactly("api");
    }

    @Test
    void rejectsUnknownAccessLevel() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> RouteAccess.fromMetadata(Map.of("access", "everyone"), AccessLevel.PUBLIC))
                .withMessageContaining("everyone");
    }

    @Test
    void rejectsPublicRouteWithScopes() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> RouteAccess.fromMetadata(Map.of("access", "public", "scopes", "api"), AccessLevel.PUBLIC));
    }

    @Test
    void authorizationIsForwardedOnlyWhereTheRouteSaysSo() {
        assertThat(RouteAccess.fromMetadata(Map.of("scopes", "api"), AccessLevel.AUTHENTICATED).forwardAuthorization())
                .isFalse();
        assertThat(RouteAccess.fromMetadata(Map.of("forward-authorization", "true"), AccessLevel.AUTHENTICATED)
                .forwardAuthorization()).isTrue();
        assertThatIllegalArgumentException().isThrownBy(() -> RouteAccess.fromMetadata(
                Map.of("forward-authorization", "yes"), AccessLevel.AUTHENTICATED))
                .withMessage("forward-authorization must be true or false, not 'yes'");
    }

    @Test
    void clientCertificateIsNotRequiredUnlessARouteSaysSo() {
        assertThat(RouteAccess.fromMetadata(Map.of(), AccessLevel.PUBLIC).clientCertificateRequired()).isFalse();
        assertThat(RouteAccess.fromMetadata(Map.of("client-cert", "none"), AccessLevel.PUBLIC)
                .clientCertificateRequired()).isFalse();
        assertThat(RouteAccess.fromMetadata(Map.of("client-cert", "required"), AccessLevel.PUBLIC)
                .clientCertificateRequired()).isTrue();
    }

    @Test
    void rejectsMisspeltClientCertificateValue() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> RouteAccess.fromMetadata(Map.of("client-cert", "requried"), AccessLevel.PUBLIC))
                .withMessage("client-cert must be required or none, not 'requried'");
    }

    @Test
    void rejectsMisspeltClientCertificateKey() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> RouteAccess.fromMetadata(Map.of("client-certificate", "required"),
                        AccessLevel.PUBLIC))
                .withMessage("'client-certificate' is not a route metadata key; did you mean 'client-cert'?");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> RouteAccess.fromMetadata(Map.of("clientCert", "required"), AccessLevel.PUBLIC))
                .withMessageContaining("did you mean 'client-cert'");
    }
}
