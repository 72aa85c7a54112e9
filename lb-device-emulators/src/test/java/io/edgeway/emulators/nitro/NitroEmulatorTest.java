package io.edgeway.emulators.nitro;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.edgeway.emulators.support.Http;
import io.edgeway.emulators.support.Http.Reply;
import io.edgeway.emulators.support.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.edgeway.emulators.nitro.NitroConfigResources.MEMBER_BINDING;
import static io.edgeway.emulators.nitro.NitroSettings.DEMO_PASSWORD;
import static io.edgeway.emulators.nitro.NitroSettings.DEMO_USER;
import static org.assertj.core.api.Assertions.assertThat;

/** The NetScaler emulator against the behaviours of spec part B. */
class NitroEmulatorTest {

    private static final String MEMBERS = "/nitro/v1/config/servicegroup_servicegroupmember_binding";

    private final MutableClock clock = MutableClock.startingNow();

    private NitroEmulator nitro;

    private Http http;

    private String session;

    @BeforeEach
    void start() {
        nitro = NitroEmulator.start(NitroSettings.defaults().withClock(clock).withPartitions("tenant1"));
        nitro.addServiceGroup("default", "sg1", "HTTP").addServiceGroup("tenant1", "shop", "SSL");
        http = new Http(nitro.uri());
        session = login().json().path("sessionid").asString();
    }

    @AfterEach
    void stop() {
        nitro.close();
    }

    @Test
    void logsInWith201CookieAndSessionId() {
        Reply login = login();

        assertThat(login.status()).isEqualTo(201);
        assertThat(login.json().path("sessionid").asString()).startsWith("##");
        assertThat(login.header("Set-Cookie"))
                .isEqualTo("NITRO_AUTH_TOKEN=" + login.json().path("sessionid").asString() + "; path=/nitro/v1");
    }

    @Test
    void acceptsTheSessionInEveryCookieFormClientsUse() {
        assertThat(http.get("/nitro/v1/config/servicegroup", "Cookie", "NITRO_AUTH_TOKEN=" + session).status())
                .isEqualTo(200);
        assertThat(http.get("/nitro/v1/config/servicegroup", "Cookie", "sessionid=" + session).status()).isEqualTo(200);
        assertThat(http.get("/nitro/v1/config/servicegroup", "Set-Cookie", "NITRO_AUTH_TOKEN=" + session).status())
                .isEqualTo(200);
    }

    @Test
    void refusesBadCredentialsWith354() {
        Reply reply = http.send("POST", "/nitro/v1/config/login",
                Map.of("login", Map.of("username", DEMO_USER, "password", "wrong")));

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.json().path("errorcode").asInt()).isEqualTo(354);
    }

    @Test
    void refusesTheTwentyFirstSessionWith446() {
        for (int i = 1; i < 20; i++) {
            assertThat(login().status()).isEqualTo(201);
        }

        Reply refused = login();

        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.json().path("errorcode").asInt()).isEqualTo(446);
        assertThat(nitro.liveSessions()).isEqualTo(20);
    }

    @Test
    void logoutFreesTheSessionSlot() {
        for (int i = 1; i < 20; i++) {
            login();
        }

        assertThat(call("POST", "/nitro/v1/config/logout", Map.of("logout", Map.of())).status()).isEqualTo(200);

        assertThat(login().status()).isEqualTo(201);
    }

    @Test
    void answersAnIdleSessionAfterItsTimeoutWith444() {
        clock.advance(Duration.ofSeconds(1799));
        assertThat(call("GET", "/nitro/v1/config/servicegroup", null).status()).isEqualTo(200);
        clock.advance(Duration.ofSeconds(1800));

        Reply reply = call("GET", "/nitro/v1/config/servicegroup", null);

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.json().path("errorcode").asInt()).isEqualTo(444);
    }

    @Test
    void answersAKilledSessionWith444() {
        nitro.killSessions();

        assertThat(call("GET", "/nitro/v1/config/servicegroup", null).json().path("errorcode").asInt()).isEqualTo(444);
    }

    @Test
    void switchesThePartitionOfThatSessionOnly() {
        String other = login().json().path("sessionid").asString();

        Reply switched = call("POST", "/nitro/v1/config/nspartition?action=Switch",
                Map.of("nspartition", Map.of("partitionname", "tenant1")));

        assertThat(switched.status()).isEqualTo(200);
        assertThat(call("GET", "/nitro/v1/config/servicegroup/shop", null).status()).isEqualTo(200);
        Reply fromOther = http.get("/nitro/v1/config/servicegroup/shop", "Cookie", "NITRO_AUTH_TOKEN=" + other);
        assertThat(fromOther.status()).isEqualTo(404);
        assertThat(fromOther.json().path("errorcode").asInt()).isEqualTo(258);
    }

    @Test
    void refusesSwitchToAnUnknownPartitionWith2755() {
        Reply reply = call("POST", "/nitro/v1/config/nspartition?action=Switch",
                Map.of("nspartition", Map.of("partitionname", "nowhere")));

        assertThat(reply.json().path("errorcode").asInt()).isEqualTo(2755);
    }

    @Test
    void bindsMemberByIpAndCreatesAServerNamedAfterIt() {
        Reply bound = bind("sg1", "10.0.0.1", 80);

        assertThat(bound.status()).isEqualTo(201);
        Reply server = call("GET", "/nitro/v1/config/server/10.0.0.1", null);
        assertThat(server.json().path("server").get(0).path("ipaddress").asString()).isEqualTo("10.0.0.1");
        Reply members = call("GET", MEMBERS + "/sg1", null);
        assertThat(members.json().path(MEMBER_BINDING).get(0).path("svrstate").asString()).isEqualTo("UP");
    }

    @Test
    void refusesDuplicateBindingWith409And273() {
        bind("sg1", "10.0.0.1", 80);

        Reply duplicate = bind("sg1", "10.0.0.1", 80);

        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(duplicate.json().path("errorcode").asInt()).isEqualTo(273);
    }

    @Test
    void refusesIpAndServernameTogetherWith1092() {
        Reply reply = call("PUT", MEMBERS, Map.of(MEMBER_BINDING,
                Map.of("servicegroupname", "sg1", "ip", "10.0.0.1", "servername", "s1", "port", 80)));

        assertThat(reply.json().path("errorcode").asInt()).isEqualTo(1092);
    }

    @Test
    void answersAServiceGroupWithoutMembersWithoutTheBindingKey() {
        Reply reply = call("GET", MEMBERS + "/sg1", null);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().has(MEMBER_BINDING)).isFalse();
    }

    @Test
    void disablesGracefullyThroughGoingOutOfServiceUntilTheDelayEnds() {
        bind("sg1", "10.0.0.1", 80);
        nitro.setConnections("default", "sg1", "10.0.0.1", 80, 5);

        assertThat(disable("sg1", "10.0.0.1", 80, 30).status()).isEqualTo(200);

        assertThat(nitro.member("default", "sg1", "10.0.0.1", 80).orElseThrow().svrstate())
                .isEqualTo("GOING OUT OF SERVICE");
        clock.advance(Duration.ofSeconds(30));
        assertThat(nitro.member("default", "sg1", "10.0.0.1", 80).orElseThrow().svrstate()).isEqualTo("OUT OF SERVICE");
    }

    @Test
    void endsAGracefulDisableWhenConnectionsReachZero() {
        bind("sg1", "10.0.0.1", 80);
        nitro.setConnections("default", "sg1", "10.0.0.1", 80, 5);
        disable("sg1", "10.0.0.1", 80, 300);

        nitro.setConnections("default", "sg1", "10.0.0.1", 80, 0);

        assertThat(nitro.member("default", "sg1", "10.0.0.1", 80).orElseThrow().svrstate()).isEqualTo("OUT OF SERVICE");
    }

    @Test
    void reportsTheTimeSinceTheDisableInTicks() {
        bind("sg1", "10.0.0.1", 80);
        nitro.setConnections("default", "sg1", "10.0.0.1", 80, 5);
        disable("sg1", "10.0.0.1", 80, 300);

        clock.advance(Duration.ofSeconds(12));

        Reply members = call("GET", MEMBERS + "/sg1", null);
        assertThat(members.json().path(MEMBER_BINDING).get(0).path("tickssincelaststatechange").asLong())
                .isEqualTo(1200);
    }

    @Test
    void reenablesADrainingMember() {
        bind("sg1", "10.0.0.1", 80);
        nitro.setConnections("default", "sg1", "10.0.0.1", 80, 5);
        disable("sg1", "10.0.0.1", 80, 300);

        Reply enabled = call("POST", "/nitro/v1/config/servicegroup?action=enable",
                Map.of("servicegroup", Map.of("servicegroupname", "sg1", "servername", "10.0.0.1", "port", 80)));

        assertThat(enabled.status()).isEqualTo(200);
        assertThat(nitro.member("default", "sg1", "10.0.0.1", 80).orElseThrow().svrstate()).isEqualTo("UP");
    }

    @Test
    void unbindsMemberByArgsAnd404sWhenItIsGone() {
        bind("sg1", "10.0.0.1", 80);

        assertThat(call("DELETE", MEMBERS + "/sg1?args=ip:10.0.0.1,port:80", null).status()).isEqualTo(200);

        Reply again = call("DELETE", MEMBERS + "/sg1?args=ip:10.0.0.1,port:80", null);
        assertThat(again.status()).isEqualTo(404);
        assertThat(again.json().path("errorcode").asInt()).isEqualTo(258);
    }

    @Test
    void answersPartialBulkFailureWith207AndOneResultPerItem() {
        bind("sg1", "10.0.0.2", 80);

        Reply reply = call("PUT", MEMBERS, Map.of(MEMBER_BINDING, List.of(
                Map.of("servicegroupname", "sg1", "ip", "10.0.0.1", "port", 80),
                Map.of("servicegroupname", "sg1", "ip", "10.0.0.2", "port", 80),
                Map.of("servicegroupname", "sg1", "ip", "10.0.0.3", "port", 80))), "X-NITRO-ONERROR", "continue");

        assertThat(reply.status()).isEqualTo(207);
        assertThat(reply.json().path("errorcode").asInt()).isEqualTo(1243);
        assertThat(reply.json().path("response").findValuesAsString("errorcode")).containsExactly("0", "273", "0");
        assertThat(nitro.members("default", "sg1")).hasSize(3);
    }

    @Test
    void rollsBackAFailedBulkBindWhenAsked() {
        bind("sg1", "10.0.0.2", 80);

        Reply reply = call("PUT", MEMBERS, Map.of(MEMBER_BINDING, List.of(
                Map.of("servicegroupname", "sg1", "ip", "10.0.0.1", "port", 80),
                Map.of("servicegroupname", "sg1", "ip", "10.0.0.2", "port", 80))), "X-NITRO-ONERROR", "rollback");

        assertThat(reply.status()).isEqualTo(207);
        assertThat(nitro.members("default", "sg1")).extracting(NitroEmulator.Member::ip).containsExactly("10.0.0.2");
    }

    @Test
    void decodesDoubleEncodedNames() {
        nitro.addServiceGroup("default", "sg two", "HTTP");

        assertThat(call("GET", "/nitro/v1/config/servicegroup/sg%2520two", null).status()).isEqualTo(200);
    }

    @Test
    void derivesVserverStateAndHealthFromItsMembers() {
        nitro.addVserver("default", "vs1", "10.1.1.10", 80, "HTTP", "sg1");
        bind("sg1", "10.0.0.1", 80);
        bind("sg1", "10.0.0.2", 80);
        nitro.setConnections("default", "sg1", "10.0.0.2", 80, 1);
        disable("sg1", "10.0.0.2", 80, 60);

        Reply vs = call("GET", "/nitro/v1/config/lbvserver/vs1", null);

        assertThat(vs.json().path("lbvserver").get(0).path("curstate").asString()).isEqualTo("UP");
        assertThat(vs.json().path("lbvserver").get(0).path("health").asInt()).isEqualTo(50);
    }

    @Test
    void runsStatelessCallsInTheDefaultPartitionWithoutASession() {
        int before = nitro.liveSessions();

        Reply reply = http.get("/nitro/v1/config/servicegroup/sg1", "X-NITRO-USER", DEMO_USER, "X-NITRO-PASS",
                DEMO_PASSWORD);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(nitro.liveSessions()).isEqualTo(before);
    }

    @Test
    void createsUpdatesAndDeletesAnLbvserverWithPersistenceAndComment() {
        Reply created = call("POST", "/nitro/v1/config/lbvserver", Map.of("lbvserver", Map.of("name", "shop_vip",
                "ipv46", "10.30.0.50", "port", 443, "servicetype", "SSL_BRIDGE", "persistencetype", "SOURCEIP",
                "comment", "edgeway:vip")));
        assertThat(created.status()).isEqualTo(201);
        assertThat(call("POST", "/nitro/v1/config/lbvserver", Map.of("lbvserver", Map.of("name", "shop_vip",
                "ipv46", "10.30.0.50", "port", 443, "servicetype", "SSL_BRIDGE"))).json().path("errorcode").asInt())
                .isEqualTo(273);

        assertThat(call("PUT", "/nitro/v1/config/lbvserver", Map.of("lbvserver", Map.of("name", "shop_vip",
                "ipv46", "10.30.0.51"))).status()).isEqualTo(200);
        assertThat(call("PUT", "/nitro/v1/config/lbvserver", Map.of("lbvserver", Map.of("name", "shop_vip",
                "port", 8443))).json().path("errorcode").asInt()).isEqualTo(257);
        Reply read = call("GET", "/nitro/v1/config/lbvserver/shop_vip", null);
        assertThat(read.json().path("lbvserver").path(0).path("ipv46").asString()).isEqualTo("10.30.0.51");
        assertThat(read.json().path("lbvserver").path(0).path("comment").asString()).isEqualTo("edgeway:vip");
        assertThat(read.json().path("lbvserver").path(0).path("persistencetype").asString()).isEqualTo("SOURCEIP");

        assertThat(call("DELETE", "/nitro/v1/config/lbvserver/shop_vip", null).status()).isEqualTo(200);
        assertThat(call("GET", "/nitro/v1/config/lbvserver/shop_vip", null).json().path("errorcode").asInt())
                .isEqualTo(258);
    }

    @Test
    void refusesBadLbvserverValuesWithTheirErrorcodes() {
        Reply type = call("POST", "/nitro/v1/config/lbvserver", Map.of("lbvserver", Map.of("name", "bad",
                "ipv46", "10.30.0.52", "port", 80, "servicetype", "QUIC")));
        assertThat(type.json().path("errorcode").asInt()).isEqualTo(1097);
        assertThat(type.json().path("message").asString()).isEqualTo("Invalid argument value [servicetype]");
        assertThat(call("POST", "/nitro/v1/config/lbvserver", Map.of("lbvserver", Map.of("name", "bad",
                "ipv46", "10.30.0.52", "port", 80, "servicetype", "HTTP", "persistencetype", "STICKY"))).json()
                .path("errorcode").asInt()).isEqualTo(1097);
        assertThat(call("GET", "/nitro/v1/config/lbvserver/bad", null).status()).isEqualTo(404);
    }

    @Test
    void managesHttpMonitorsAndTheirServiceGroupBindings() {
        Reply created = call("POST", "/nitro/v1/config/lbmonitor", Map.of("lbmonitor", Map.of("monitorname",
                "shop_mon", "type", "HTTP", "httprequest", "GET /monitor/l7check", "interval", 5, "resptimeout", 2,
                "comment", "edgeway:vip")));
        assertThat(created.status()).isEqualTo(201);
        assertThat(call("POST", "/nitro/v1/config/lbmonitor", Map.of("lbmonitor", Map.of("monitorname", "shop_mon",
                "type", "HTTP"))).json().path("errorcode").asInt()).isEqualTo(273);
        Reply slow = call("PUT", "/nitro/v1/config/lbmonitor", Map.of("lbmonitor", Map.of("monitorname", "shop_mon",
                "resptimeout", 5)));
        assertThat(slow.json().path("message").asString()).isEqualTo("Invalid argument value [resptimeout]");

        assertThat(call("POST", "/nitro/v1/config/servicegroup_lbmonitor_binding", Map.of(
                "servicegroup_lbmonitor_binding", Map.of("servicegroupname", "sg1", "monitor_name", "shop_mon")))
                .status()).isEqualTo(201);
        assertThat(call("GET", "/nitro/v1/config/servicegroup_lbmonitor_binding/sg1", null).json()
                .path("servicegroup_lbmonitor_binding").path(0).path("monitor_name").asString()).isEqualTo("shop_mon");
        assertThat(call("DELETE", "/nitro/v1/config/servicegroup_lbmonitor_binding/sg1?args=monitor_name:shop_mon",
                null).status()).isEqualTo(200);
        assertThat(call("DELETE", "/nitro/v1/config/lbmonitor/shop_mon?args=type:HTTP", null).status())
                .isEqualTo(200);
        assertThat(call("GET", "/nitro/v1/config/lbmonitor/shop_mon", null).status()).isEqualTo(404);
    }

    @Test
    void deletingAServiceGroupUnbindsItFromItsVserver() {
        nitro.addVserver("default", "vs9", "10.30.0.9", 80, "HTTP", "sg1");
        assertThat(call("DELETE", "/nitro/v1/config/servicegroup/sg1", null).status()).isEqualTo(200);
        assertThat(call("GET", "/nitro/v1/config/lbvserver_servicegroup_binding/vs9", null).json()
                .path("lbvserver_servicegroup_binding")).isEmpty();
    }

    @Test
    void setsAMembersWeightAndReturnsItAsAString() {
        bind("sg1", "10.0.0.1", 80);
        bind("sg1", "10.0.0.2", 80);

        Reply set = call("PUT", "/nitro/v1/config/servicegroup", Map.of("servicegroup",
                Map.of("servicegroupname", "sg1", "servername", "10.0.0.1", "port", 80, "weight", 9)));

        assertThat(set.status()).isEqualTo(200);
        assertThat(nitro.member("default", "sg1", "10.0.0.1", 80).orElseThrow().weight()).isEqualTo(9);
        assertThat(nitro.member("default", "sg1", "10.0.0.2", 80).orElseThrow().weight()).isEqualTo(1);
        assertThat(call("GET", MEMBERS + "/sg1?filter=ip:10.0.0.1", null).json().path(MEMBER_BINDING).path(0)
                .path("weight").isString()).isTrue();
        assertThat(call("GET", MEMBERS + "/sg1?filter=ip:10.0.0.1", null).json().path(MEMBER_BINDING).path(0)
                .path("weight").asString()).isEqualTo("9");
    }

    @Test
    void refusesAWeightOutsideOneToAHundredAndKeepsTheOldOne() {
        bind("sg1", "10.0.0.1", 80);

        Reply refused = call("PUT", "/nitro/v1/config/servicegroup", Map.of("servicegroup",
                Map.of("servicegroupname", "sg1", "servername", "10.0.0.1", "port", 80, "weight", 0)));

        assertThat(refused.status()).isEqualTo(599);
        assertThat(refused.json().path("errorcode").asInt()).isEqualTo(1097);
        assertThat(nitro.member("default", "sg1", "10.0.0.1", 80).orElseThrow().weight()).isEqualTo(1);
    }

    @Test
    void setsWeightsInBulkAndSaysWhichItemFailed() {
        bind("sg1", "10.0.0.1", 80);

        Reply bulk = call("PUT", "/nitro/v1/config/servicegroup", Map.of("servicegroup", List.of(
                Map.of("servicegroupname", "sg1", "servername", "10.0.0.1", "port", 80, "weight", 20),
                Map.of("servicegroupname", "sg1", "servername", "10.0.0.9", "port", 80, "weight", 20))),
                "X-NITRO-ONERROR", "continue");

        assertThat(bulk.status()).isEqualTo(207);
        assertThat(bulk.json().path("response").path(0).path("errorcode").asInt()).isZero();
        assertThat(bulk.json().path("response").path(1).path("errorcode").asInt()).isEqualTo(258);
        assertThat(nitro.member("default", "sg1", "10.0.0.1", 80).orElseThrow().weight()).isEqualTo(20);
    }

    private Reply login() {
        return http.send("POST", "/nitro/v1/config/login",
                Map.of("login", Map.of("username", DEMO_USER, "password", DEMO_PASSWORD)));
    }

    private Reply bind(String sg, String ip, int port) {
        return call("PUT", MEMBERS, Map.of(MEMBER_BINDING,
                Map.of("servicegroupname", sg, "ip", ip, "port", port, "weight", 1, "state", "ENABLED")));
    }

    private Reply disable(String sg, String ip, int port, int delay) {
        return call("POST", "/nitro/v1/config/servicegroup?action=disable", Map.of("servicegroup",
                Map.of("servicegroupname", sg, "servername", ip, "port", port, "delay", delay, "graceful", "YES")));
    }

    private Reply call(String method, String path, Object body, String... headers) {
        String[] all = new String[headers.length + 2];
        all[0] = "Cookie";
        all[1] = "NITRO_AUTH_TOKEN=" + session;
        System.arraycopy(headers, 0, all, 2, headers.length);
        return http.send(method, path, body, all);
    }
}
