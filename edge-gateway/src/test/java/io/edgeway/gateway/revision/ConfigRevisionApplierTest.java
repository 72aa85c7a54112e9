package io.edgeway.gateway.revision;

import java.nio.file.Files;
import java.nio.file.Path;

import com.netflix.appinfo.ApplicationInfoManager;
import io.edgeway.gateway.settings.EdgeGatewayProperties;
import io.edgeway.gateway.support.LiveProperties;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.core.ResolvableType;
import org.springframework.core.env.Environment;

import static io.edgeway.gateway.revision.ConfigAt.ROUTES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class ConfigRevisionApplierTest {

    private static final String BACKEND = "http://127.0.0.1:9";

    private static final String RETRIES = "edgeway.gateway.retry.retries";

    /** What the gateway booted with: one route, three retries. */
    private static final ServedConfig C1 = ConfigAt.commit("c1").route("one", BACKEND, "Path=/one", "SetPath=/")
            .set(RETRIES, "3").served();

    /** A second route and one retry. */
    private static final ServedConfig C2 = ConfigAt.commit("c2").route("one", BACKEND, "Path=/one", "SetPath=/")
            .route("two", BACKEND, "Path=/two", "SetPath=/").set(RETRIES, "1").served();

    /** A route the gateway cannot build (no such status) and settings that do not bind (negative retries). */
    private static final ServedConfig BROKEN = ConfigAt.commit("c3").route("one", BACKEND, "Path=/one", "SetPath=/")
            .route("teapot", BACKEND, "Path=/teapot", "SetStatus=banana").set(RETRIES, "-1").served();

    /** A route to the cloud metadata address and one to a host nobody allow-listed. */
    private static final ServedConfig METADATA = ConfigAt.commit("c4").route("one", BACKEND, "Path=/one", "SetPath=/")
            .route("meta", "http://169.254.169.254", "Path=/meta", "SetPath=/latest")
            .route("admin", "http://admin.internal:9000", "Path=/admin", "SetPath=/").served();

    /** A rate limit keyed on a header the gateway strips from every request. */
    private static final ServedConfig STRIPPED_KEY = ConfigAt.commit("c5").route("one", BACKEND, "Path=/one", "SetPath=/")
            .route("keyed", BACKEND, "Path=/keyed", "SetPath=/").set(ROUTES + "[1].filters[1].name", "RateLimit")
            .set(ROUTES + "[1].filters[1].args.requests", "5").set(ROUTES + "[1].filters[1].args.key", "header:X-User")
            .served();

    /** A route requiring a client certificate, on a gateway that asks clients for none. */
    private static final ServedConfig CLIENT_CERT = ConfigAt.commit("c6").route("one", BACKEND, "Path=/one", "SetPath=/")
            .route("partners", BACKEND, "Path=/partners", "SetPath=/").set(ROUTES + "[1].metadata.client-cert", "required")
            .served();

    private final StubConfigServer server = new StubConfigServer().add(C1).add(C2).add(BROKEN).add(METADATA)
            .add(STRIPPED_KEY).add(CLIENT_CERT);

    @TempDir
    Path dir;

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void appliesANewCommitInPlace() {
        PushParts.bootedFrom(server.uri(), C1, cacheFile()).run(context -> {
            boolean applied = applier(context).apply("c2");

            assertThat(applied).isTrue();
            assertThat(applier(context).current().commit()).isEqualTo("c2");
            assertThat(applier(context).current().source()).isEqualTo("config-server");
            Environment environment = context.getEnvironment();
            assertThat(environment.getProperty(ROUTES + "[1].id")).isEqualTo("two");
            assertThat(environment.getProperty(ConfigPropertySources.VERSION)).isEqualTo("c2");
            assertThat(settings(context).get().retry().retries()).as("live settings follow the commit").isEqualTo(1);
            assertThat(context.getBean(PushParts.RecordedChanges.class).events()).singleElement()
                    .satisfies(keys -> assertThat(keys).contains(RETRIES, ROUTES + "[1].id", ROUTES + "[1].uri")
                            .doesNotContain(ROUTES + "[0].id", ROUTES + "[0].uri"));
        });
    }

    @Test
    void anAppliedCommitIsKeptOnDiskCountedAndAdvertised() {
        PushParts.bootedFrom(server.uri(), C1, cacheFile()).run(context -> {
            applier(context).apply("c2");

            assertThat(new LastGoodConfigCache(cacheFile()).read()).hasValueSatisfying(cached -> {
                assertThat(cached.version()).isEqualTo("c2");
                assertThat(cached.propertySources()).singleElement()
                        .satisfies(source -> assertThat(source.source()).containsEntry(ROUTES + "[1].id", "two"));
            });
            MeterRegistry meters = context.getBean(MeterRegistry.class);
            assertThat(meters.get("edgeway.config.revisions.applied").counter().count()).isEqualTo(1);
            assertThat(meters.get("edgeway.config.revision").gauges()).singleElement()
                    .satisfies(gauge -> assertThat(gauge.getId().getTag("commit")).isEqualTo("c2"));
            assertThat(context.getBean(ApplicationInfoManager.class).getInfo().getMetadata())
                    .containsEntry(ConfigRevisionApplier.METADATA_KEY, "c2");
        });
    }

    @Test
    void refusesACommitTheGatewayCannotRunAndKeepsTheLastGoodOne() {
        PushParts.bootedFrom(server.uri(), C1, cacheFile()).run(context -> {
            boolean applied = applier(context).apply("c3");

            assertThat(applied).isFalse();
            AppliedRevision current = applier(context).current();
            assertThat(current.commit()).isEqualTo("c1");
            assertThat(current.lastRefused().commit()).isEqualTo("c3");
            assertThat(current.lastRefused().problems()).anySatisfy(p -> assertThat(p).contains("teapot").containsIgnoringCase("banana"))
                    .anySatisfy(p -> assertThat(p).startsWith(EdgeGatewayProperties.PREFIX));
            Environment environment = context.getEnvironment();
            assertThat(environment.getProperty(ROUTES + "[1].id")).isNull();
            assertThat(environment.getProperty(RETRIES)).isEqualTo("3");
            assertThat(environment.getProperty(ConfigPropertySources.VERSION)).isEqualTo("c1");
            assertThat(settings(context).get().retry().retries()).isEqualTo(3);
            assertThat(context.getBean(PushParts.RecordedChanges.class).events()).isEmpty();
            assertThat(cacheFile()).doesNotExist();
            assertThat(context.getBean(MeterRegistry.class).get("edgeway.config.revisions.refused").counter().count())
                    .isEqualTo(1);
        });
    }

    @Test
    void refusesACommitRoutingOutsideTheRouteTargetPolicy() {
        PushParts.bootedFrom(server.uri(), C1, cacheFile()).run(context -> {
            assertThat(applier(context).apply("c4")).isFalse();

            assertThat(applier(context).current().lastRefused().problems())
                    .anySatisfy(p -> assertThat(p).startsWith("route 'meta'").contains("link-local"))
                    .anySatisfy(p -> assertThat(p).startsWith("route 'admin'").contains("'admin.internal' is not in"));
            assertThat(context.getEnvironment().getProperty(ROUTES + "[1].id")).isNull();
        });
    }

    @Test
    void refusesACommitKeyingAFilterOnAStrippedHeader() {
        PushParts.bootedFrom(server.uri(), C1, cacheFile()).run(context -> {
            assertThat(applier(context).apply("c5")).isFalse();

            assertThat(applier(context).current().lastRefused().problems()).singleElement().asString()
                    .startsWith("route 'keyed', RateLimit reads header X-User, which the gateway removes");
        });
    }

    @Test
    void refusesARouteRequiringClientCertificatesNoClientIsAskedFor() {
        PushParts.bootedFrom(server.uri(), C1, cacheFile()).run(context -> {
            assertThat(applier(context).apply("c6")).isFalse();

            assertThat(applier(context).current().lastRefused().problems()).singleElement().asString()
                    .startsWith("route 'partners': client-cert: required, but this gateway asks no client for a "
                            + "certificate");
            assertThat(applier(context).current().commit()).isEqualTo("c1");
        });
    }

    @Test
    void aGoodCommitAfterARefusedOneIsApplied() {
        PushParts.bootedFrom(server.uri(), C1, cacheFile()).run(context -> {
            applier(context).apply("c3");

            assertThat(applier(context).apply("c2")).isTrue();
            assertThat(applier(context).current().commit()).isEqualTo("c2");
            assertThat(applier(context).current().lastRefused().commit()).as("still shown").isEqualTo("c3");
        });
    }

    @Test
    void theCommitItRunsAlreadyIsNeitherFetchedNorAppliedAgain() {
        PushParts.bootedFrom(server.uri(), C1, cacheFile()).run(context -> {
            applier(context).apply("c2");

            assertThat(applier(context).apply("c2")).isTrue();
            assertThat(applier(context).apply("c2")).isTrue();
            assertThat(server.fetchesOf("c2")).isEqualTo(1);
            assertThat(context.getBean(PushParts.RecordedChanges.class).events()).hasSize(1);
            assertThat(context.getBean(MeterRegistry.class).get("edgeway.config.revisions.applied").counter().count())
                    .isEqualTo(1);
        });
    }

    @Test
    void theBootCommitIsNotFetchedAgain() {
        PushParts.bootedFrom(server.uri(), C1, cacheFile()).run(context -> {
            assertThat(applier(context).apply("c1")).isTrue();
            assertThat(server.fetchesOf("c1")).isZero();
        });
    }

    @Test
    void aRefusedCommitSentAgainIsNotValidatedAgain() {
        PushParts.bootedFrom(server.uri(), C1, cacheFile()).run(context -> {
            applier(context).apply("c3");

            assertThat(applier(context).apply("c3")).isFalse();
            assertThat(server.fetchesOf("c3")).isEqualTo(1);
            assertThat(context.getBean(MeterRegistry.class).get("edgeway.config.revisions.refused").counter().count())
                    .isEqualTo(1);
        });
    }

    @Test
    void aServerAnsweringAnotherCommitChangesNothing() {
        server.addUnder("c4", C2);
        PushParts.bootedFrom(server.uri(), C1, cacheFile()).run(context -> {
            assertThatIllegalStateException().isThrownBy(() -> applier(context).apply("c4"))
                    .withMessageContaining("c2").withMessageContaining("c4");

            assertThat(applier(context).current().commit()).isEqualTo("c1");
            assertThat(context.getEnvironment().getProperty(ROUTES + "[1].id")).isNull();
            assertThat(cacheFile()).doesNotExist();
        });
    }

    @Test
    void startedKeepsTheBootConfigOnDiskAndAdvertisesIt() {
        PushParts.bootedFrom(server.uri(), C1, cacheFile()).run(context -> {
            applier(context).started();

            assertThat(new LastGoodConfigCache(cacheFile()).read()).hasValueSatisfying(cached -> {
                assertThat(cached.version()).isEqualTo("c1");
                assertThat(cached.propertySources()).singleElement().satisfies(source -> {
                    assertThat(source.name()).isEqualTo("edge-gateway.yml");
                    assertThat(source.source()).containsEntry(ROUTES + "[0].id", "one").containsEntry(RETRIES, "3");
                });
            });
            assertThat(context.getBean(ApplicationInfoManager.class).getInfo().getMetadata())
                    .containsEntry(ConfigRevisionApplier.METADATA_KEY, "c1");
        });
    }

    @Test
    void aGatewayStartedFromTheCacheTakesTheSameCommitFromTheServerOnceItAnswers() throws Exception {
        Files.writeString(cacheFile(), "left alone");
        PushParts.bootedFrom(server.uri(), C1, ConfigPropertySources.CACHE_PREFIX, cacheFile()).run(context -> {
            assertThat(applier(context).current().source()).isEqualTo("local-cache");
            applier(context).started();
            assertThat(cacheFile()).as("not rewritten from itself").hasContent("left alone");

            assertThat(applier(context).apply("c1")).isTrue();

            assertThat(server.fetchesOf("c1")).isEqualTo(1);
            assertThat(applier(context).current().source()).isEqualTo("config-server");
            assertThat(context.getEnvironment().getPropertySources().stream().map(s -> s.getName()))
                    .contains(ConfigPropertySources.SERVER_PREFIX + "edge-gateway.yml")
                    .noneMatch(name -> name.startsWith(ConfigPropertySources.CACHE_PREFIX));
            assertThat(new LastGoodConfigCache(cacheFile()).read()).hasValueSatisfying(
                    cached -> assertThat(cached.version()).isEqualTo("c1"));
        });
    }

    private Path cacheFile() {
        return dir.resolve("edge-gateway-config.json");
    }

    private static ConfigRevisionApplier applier(AssertableApplicationContext context) {
        return context.getBean(ConfigRevisionApplier.class);
    }

    @SuppressWarnings("unchecked")
    private static LiveProperties<EdgeGatewayProperties> settings(AssertableApplicationContext context) {
        return (LiveProperties<EdgeGatewayProperties>) context.getBeanProvider(
                ResolvableType.forClassWithGenerics(LiveProperties.class, EdgeGatewayProperties.class)).getObject();
    }
}
