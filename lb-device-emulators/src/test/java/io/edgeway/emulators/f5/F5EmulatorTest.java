package io.edgeway.emulators.f5;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import io.edgeway.emulators.support.Http;
import io.edgeway.emulators.support.Http.Reply;
import io.edgeway.emulators.support.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.edgeway.emulators.f5.F5Settings.DEMO_PASSWORD;
import static io.edgeway.emulators.f5.F5Settings.DEMO_USER;
import static org.assertj.core.api.Assertions.assertThat;

/** The F5 emulator against the behaviours of spec part A. */
class F5EmulatorTest {

    private final MutableClock clock = MutableClock.startingNow();

    private F5Emulator f5;

    private Http http;

    private String token;

    @BeforeEach
    void start() {
        f5 = F5Emulator.start(F5Settings.defaults().withClock(clock).withPartitions("Tenant1")
                .withUser("ldap-user", "ldap-secret", true));
        f5.addPool("Common", "web", null).addPool("Tenant1", "shop", "/Common/http");
        http = new Http(f5.uri());
        token = login(DEMO_USER, DEMO_PASSWORD).json().path("token").path("token").asString();
    }

    @AfterEach
    void stop() {
        f5.close();
    }

    @Test
    void issuesTokenWithTwentyMinuteLifetime() {
        Reply login = login(DEMO_USER, DEMO_PASSWORD);

        assertThat(login.status()).isEqualTo(200);
        assertThat(login.json().path("token").path("timeout").asInt()).isEqualTo(1200);
        assertThat(login.json().path("token").path("expirationMicros").asLong())
                .isEqualTo(ChronoUnit.MICROS.between(Instant.EPOCH, clock.instant().plusSeconds(1200)));
    }

    @Test
    void rejectsUnknownTokenWith401() {
        Reply reply = http.get("/mgmt/tm/ltm/pool", "X-F5-Auth-Token", "NOSUCHTOKEN");

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.json().path("message").asString()).isEqualTo("X-F5-Auth-Token does not exist.");
    }

    @Test
    void expiresTokenAfterItsTimeout() {
        assertThat(auth("GET", "/mgmt/tm/ltm/pool", null).status()).isEqualTo(200);

        clock.advance(Duration.ofSeconds(1200));

        assertThat(auth("GET", "/mgmt/tm/ltm/pool", null).status()).isEqualTo(401);
    }

    @Test
    void extendsTokenUpTo36000SecondsCountedFromItsStart() {
        assertThat(auth("PATCH", "/mgmt/shared/authz/tokens/" + token, Map.of("timeout", 36000)).status())
                .isEqualTo(200);
        clock.advance(Duration.ofSeconds(35999));
        assertThat(auth("GET", "/mgmt/tm/ltm/pool", null).status()).isEqualTo(200);

        Reply tooLong = auth("PATCH", "/mgmt/shared/authz/tokens/" + token, Map.of("timeout", 36001));

        assertThat(tooLong.status()).isEqualTo(406);
        assertThat(tooLong.json().path("message").asString()).contains("absolute timeout (36000 seconds) exceeded");
    }

    @Test
    void revokedTokenIsRejected() {
        assertThat(auth("DELETE", "/mgmt/shared/authz/tokens/" + token, null).status()).isEqualTo(200);

        assertThat(auth("GET", "/mgmt/tm/ltm/pool", null).status()).isEqualTo(401);
    }

    @Test
    void refusesTheHundredAndFirstTokenOfAUser() {
        for (int i = 1; i < 100; i++) {
            assertThat(login(DEMO_USER, DEMO_PASSWORD).status()).isEqualTo(200);
        }

        Reply refused = login(DEMO_USER, DEMO_PASSWORD);

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().path("message").asString())
                .isEqualTo("user edgeway has reached maximum active login tokens");
        assertThat(f5.liveTokens(DEMO_USER)).isEqualTo(100);
    }

    @Test
    void exemptsAdminFromTheTokenLimit() {
        for (int i = 0; i < 101; i++) {
            assertThat(login("admin", "demo-admin-secret").status()).isEqualTo(200);
        }
    }

    @Test
    void freesTokenSlotsAsTokensExpire() {
        for (int i = 1; i < 100; i++) {
            login(DEMO_USER, DEMO_PASSWORD);
        }
        clock.advance(Duration.ofSeconds(1200));

        assertThat(login(DEMO_USER, DEMO_PASSWORD).status()).isEqualTo(200);
    }

    @Test
    void acceptsBasicAuthForLocalUsersOnly() {
        assertThat(http.get("/mgmt/tm/ltm/pool", "Authorization", Http.basic(DEMO_USER, DEMO_PASSWORD)).status())
                .isEqualTo(200);
        assertThat(http.get("/mgmt/tm/ltm/pool", "Authorization", Http.basic("ldap-user", "ldap-secret")).status())
                .isEqualTo(401);
        assertThat(login("ldap-user", "ldap-secret").status()).isEqualTo(200);
    }

    @Test
    void answersRequestsWithoutCredentialsWith401() {
        Reply reply = http.get("/mgmt/tm/ltm/pool");

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.json().path("message").asString()).startsWith("Authorization failed: no user authentication");
        assertThat(reply.json().path("kind").asString()).isEqualTo(":resterrorresponse");
    }

    @Test
    void filtersCollectionsByPartition() {
        Reply reply = auth("GET", "/mgmt/tm/ltm/pool?$filter=partition+eq+Tenant1", null);

        assertThat(reply.json().path("items").findValuesAsString("fullPath")).containsExactly("/Tenant1/shop");
    }

    @Test
    void answersCallsWithoutARouteAsAPathNotRegistered() {
        for (String[] call : new String[][] {{"POST", "/mgmt/tm/ltm/node"}, {"DELETE", "/mgmt/tm/ltm/virtual"},
                {"GET", "/mgmt/tm/ltm/"}, {"GET", "/mgmt/tm/ltm/pool/~Common~web/other"}}) {
            Reply reply = auth(call[0], call[1], null);

            assertThat(reply.status()).as(call[0] + " " + call[1]).isEqualTo(404);
            assertThat(reply.json().path("message").asString()).isEqualTo("Public URI path not registered: " + call[1]);
        }
    }

    @Test
    void addsMemberAndCreatesItsNode() {
        Reply added = auth("POST", "/mgmt/tm/ltm/pool/~Tenant1~shop/members",
                Map.of("name", "10.0.0.1:80", "partition", "Tenant1"));

        assertThat(added.status()).isEqualTo(200);
        assertThat(added.json().path("fullPath").asString()).isEqualTo("/Tenant1/10.0.0.1:80");
        assertThat(added.json().path("address").asString()).isEqualTo("10.0.0.1");
        assertThat(f5.nodes("Tenant1")).containsExactly("10.0.0.1");
    }

    @Test
    void refusesDuplicateMemberWith409() {
        addMember("10.0.0.1:80");

        Reply duplicate = auth("POST", "/mgmt/tm/ltm/pool/~Common~web/members", Map.of("name", "10.0.0.1:80"));

        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(duplicate.json().path("message").asString()).isEqualTo(
                "01020066:3: The requested Pool Member (/Common/web /Common/10.0.0.1 80) already exists in partition "
                        + "Common.");
    }

    @Test
    void answers404ForMissingPoolAndMember() {
        Reply pool = auth("GET", "/mgmt/tm/ltm/pool/~Common~wrong/members", null);
        Reply member = auth("GET", "/mgmt/tm/ltm/pool/~Common~web/members/~Common~10.0.0.9:80", null);

        assertThat(pool.status()).isEqualTo(404);
        assertThat(pool.json().path("message").asString())
                .isEqualTo("01020036:3: The requested pool (/Common/wrong) was not found.");
        assertThat(member.status()).isEqualTo(404);
        assertThat(member.json().path("message").asString())
                .isEqualTo("01020036:3: The requested Pool Member (/Common/web /Common/10.0.0.9 80) was not found.");
    }

    @Test
    void keepsNodeAfterMemberDeleteAndRefusesItsDeleteWhileReferenced() {
        addMember("10.0.0.1:80");

        Reply referenced = auth("DELETE", "/mgmt/tm/ltm/node/~Common~10.0.0.1", null);
        assertThat(referenced.status()).isEqualTo(400);
        assertThat(referenced.json().path("message").asString()).isEqualTo(
                "01070110:3: Node address '/Common/10.0.0.1' is referenced by a member of pool '/Common/web'.");

        assertThat(auth("DELETE", "/mgmt/tm/ltm/pool/~Common~web/members/~Common~10.0.0.1:80", null).status())
                .isEqualTo(200);
        assertThat(f5.nodes("Common")).containsExactly("10.0.0.1");
        assertThat(auth("DELETE", "/mgmt/tm/ltm/node/~Common~10.0.0.1", null).status()).isEqualTo(200);
        assertThat(f5.nodes("Common")).isEmpty();
    }

    @Test
    void setsAMembersRatioAndRefusesOneOutsideOneToAHundred() {
        addMember("10.0.0.1:80");
        String member = "/mgmt/tm/ltm/pool/~Common~web/members/~Common~10.0.0.1:80";

        assertThat(auth("PATCH", member, Map.of("ratio", 5)).json().path("ratio").asInt()).isEqualTo(5);
        Reply refused = auth("PATCH", member, Map.of("ratio", 0));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().path("message").asString()).isEqualTo("invalid property value \"ratio\":\"0\"");
        assertThat(f5.member("Common", "web", "10.0.0.1:80").orElseThrow().ratio()).isEqualTo(5);
    }

    @Test
    void setsAPoolsLoadBalancingModeAndRefusesAnUnknownOne() {
        assertThat(auth("PATCH", "/mgmt/tm/ltm/pool/~Common~web", Map.of("loadBalancingMode", "ratio-member"))
                .status()).isEqualTo(200);
        Reply refused = auth("PATCH", "/mgmt/tm/ltm/pool/~Common~web", Map.of("loadBalancingMode", "weighted"));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().path("message").asString())
                .isEqualTo("invalid property value \"loadBalancingMode\":\"weighted\"");
        assertThat(f5.loadBalancingMode("Common", "web")).isEqualTo("ratio-member");
    }

    @Test
    void rejectsStateValuesOtherThanUserUpAndUserDown() {
        addMember("10.0.0.1:80");

        Reply reply = auth("PATCH", "/mgmt/tm/ltm/pool/~Common~web/members/~Common~10.0.0.1:80", Map.of("state", "up"));

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().path("message").asString()).isEqualTo("invalid property value \"state\":\"up\"");
    }

    @Test
    void drainedMemberIsUserDisabledInConfigAndDisabledInStats() {
        addMember("10.0.0.1:80");
        f5.setConnections("Common", "web", "10.0.0.1:80", 3);

        auth("PATCH", "/mgmt/tm/ltm/pool/~Common~web/members/~Common~10.0.0.1:80", Map.of("session", "user-disabled"));

        Reply member = auth("GET", "/mgmt/tm/ltm/pool/~Common~web/members/~Common~10.0.0.1:80", null);
        assertThat(member.json().path("session").asString()).isEqualTo("user-disabled");
        Reply stats = auth("GET", "/mgmt/tm/ltm/pool/~Common~web/members/stats", null);
        assertThat(stats.json().findValue("status.enabledState").path("description").asString()).isEqualTo("disabled");
        assertThat(stats.json().findValue("serverside.curConns").path("value").asInt()).isEqualTo(3);
    }

    @Test
    void monitoredMemberIsUncheckedUntilTheProbeDelayThenMonitorEnabledAndUp() {
        auth("POST", "/mgmt/tm/ltm/pool/~Tenant1~shop/members", Map.of("name", "10.0.0.1:443", "partition", "Tenant1"));
        String path = "/mgmt/tm/ltm/pool/~Tenant1~shop/members/~Tenant1~10.0.0.1:443";

        assertThat(auth("GET", path, null).json().path("state").asString()).isEqualTo("unchecked");

        clock.advance(Duration.ofSeconds(2));

        Reply probed = auth("GET", path, null);
        assertThat(probed.json().path("session").asString()).isEqualTo("monitor-enabled");
        assertThat(probed.json().path("state").asString()).isEqualTo("up");
    }

    @Test
    void forcedOfflineMemberShowsUserDown() {
        addMember("10.0.0.1:80");
        String path = "/mgmt/tm/ltm/pool/~Common~web/members/~Common~10.0.0.1:80";

        auth("PATCH", path, Map.of("session", "user-disabled", "state", "user-down"));

        assertThat(auth("GET", path, null).json().path("state").asString()).isEqualTo("user-down");
    }

    @Test
    void answersUnknownPartitionWith400FolderNotFound() {
        Reply reply = auth("POST", "/mgmt/tm/ltm/pool", Map.of("name", "p1", "partition", "Nowhere"));

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().path("message").asString()).isEqualTo("The requested folder (/Nowhere) was not found.");
    }

    @Test
    void putWithMembersReplacesTheWholeMemberSet() {
        addMember("10.0.0.1:80");
        addMember("10.0.0.2:80");

        auth("PUT", "/mgmt/tm/ltm/pool/~Common~web", Map.of("members", List.of(Map.of("name", "10.0.0.2:80"),
                Map.of("name", "10.0.0.3:80"))));

        assertThat(f5.members("Common", "web")).extracting(F5Emulator.Member::name)
                .containsExactly("10.0.0.2:80", "10.0.0.3:80");
    }

    @Test
    void expandsMembersIntoPoolReads() {
        addMember("10.0.0.1:80");

        Reply reply = auth("GET", "/mgmt/tm/ltm/pool?expandSubcollections=true&$filter=partition+eq+Common", null);

        assertThat(reply.json().path("items").get(0).path("membersReference").path("items").get(0).path("name")
                .asString()).isEqualTo("10.0.0.1:80");
    }

    @Test
    void appliesTransactionCommandsOnlyAtCommit() {
        long id = auth("POST", "/mgmt/tm/transaction", Map.of()).json().path("transId").asLong();
        String coordination = String.valueOf(id);

        auth("POST", "/mgmt/tm/ltm/pool/~Common~web/members", Map.of("name", "10.0.0.1:80"),
                "X-F5-REST-Coordination-Id", coordination);
        auth("POST", "/mgmt/tm/ltm/pool/~Common~web/members", Map.of("name", "10.0.0.2:80"),
                "X-F5-REST-Coordination-Id", coordination);
        assertThat(f5.members("Common", "web")).isEmpty();

        Reply commit = auth("PATCH", "/mgmt/tm/transaction/" + id, Map.of("state", "VALIDATING"));

        assertThat(commit.json().path("state").asString()).isEqualTo("COMPLETED");
        assertThat(f5.members("Common", "web")).hasSize(2);
    }

    @Test
    void rollsBackTheWholeTransactionOnTheFirstError() {
        addMember("10.0.0.2:80");
        long id = auth("POST", "/mgmt/tm/transaction", Map.of()).json().path("transId").asLong();
        String coordination = String.valueOf(id);
        auth("POST", "/mgmt/tm/ltm/pool/~Common~web/members", Map.of("name", "10.0.0.1:80"),
                "X-F5-REST-Coordination-Id", coordination);
        auth("POST", "/mgmt/tm/ltm/pool/~Common~web/members", Map.of("name", "10.0.0.2:80"),
                "X-F5-REST-Coordination-Id", coordination);

        Reply commit = auth("PATCH", "/mgmt/tm/transaction/" + id, Map.of("state", "VALIDATING"));

        assertThat(commit.status()).isEqualTo(409);
        assertThat(f5.members("Common", "web")).extracting(F5Emulator.Member::name).containsExactly("10.0.0.2:80");
    }

    @Test
    void dropsUncommittedTransactionsAfterTheirTimeout() {
        long id = auth("POST", "/mgmt/tm/transaction", Map.of()).json().path("transId").asLong();

        clock.advance(Duration.ofSeconds(30));

        assertThat(auth("PATCH", "/mgmt/tm/transaction/" + id, Map.of("state", "VALIDATING")).status()).isEqualTo(404);
    }

    private void addMember(String name) {
        assertThat(auth("POST", "/mgmt/tm/ltm/pool/~Common~web/members", Map.of("name", name)).status())
                .isEqualTo(200);
    }

    private Reply login(String user, String password) {
        return http.send("POST", "/mgmt/shared/authn/login",
                Map.of("username", user, "password", password, "loginProviderName", "tmos"));
    }

    @Test
    void createsModifiesAndDeletesAVirtualServerWithPersistence() {
        Reply created = auth("POST", "/mgmt/tm/ltm/virtual", Map.of("name", "shop_vip", "partition", "Tenant1",
                "destination", "/Tenant1/10.20.0.50:443", "ipProtocol", "tcp", "pool", "/Tenant1/shop",
                "persist", List.of(Map.of("name", "source_addr")), "description", "edgeway:vip"));
        assertThat(created.status()).isEqualTo(200);
        assertThat(created.json().path("persist").path(0).path("name").asString()).isEqualTo("source_addr");

        Reply moved = auth("PATCH", "/mgmt/tm/ltm/virtual/~Tenant1~shop_vip",
                Map.of("destination", "/Tenant1/10.20.0.50:8443"));
        assertThat(moved.json().path("destination").asString()).isEqualTo("/Tenant1/10.20.0.50:8443");
        assertThat(moved.json().path("description").asString()).isEqualTo("edgeway:vip");

        assertThat(auth("DELETE", "/mgmt/tm/ltm/virtual/~Tenant1~shop_vip", null).status()).isEqualTo(200);
        assertThat(auth("GET", "/mgmt/tm/ltm/virtual/~Tenant1~shop_vip", null).status()).isEqualTo(404);
    }

    @Test
    void refusesADuplicateVirtualServerWith409() {
        Map<String, Object> body = Map.of("name", "dup", "partition", "Tenant1", "destination", "10.20.0.60:80");
        assertThat(auth("POST", "/mgmt/tm/ltm/virtual", body).status()).isEqualTo(200);

        Reply again = auth("POST", "/mgmt/tm/ltm/virtual", body);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().path("message").asString())
                .isEqualTo("01020066:3: The requested Virtual Server (/Tenant1/dup) already exists in partition Tenant1.");

        Reply sameListener = auth("POST", "/mgmt/tm/ltm/virtual",
                Map.of("name", "other", "partition", "Tenant1", "destination", "10.20.0.60:80"));
        assertThat(sameListener.status()).isEqualTo(409);
        assertThat(sameListener.json().path("message").asString())
                .contains("illegally shares both address and port with Virtual Server /Tenant1/dup");
    }

    @Test
    void refusesBadVirtualServerValues() {
        Reply protocol = auth("POST", "/mgmt/tm/ltm/virtual",
                Map.of("name", "bad", "partition", "Tenant1", "destination", "10.20.0.61:80", "ipProtocol", "quic"));
        assertThat(protocol.status()).isEqualTo(400);
        assertThat(protocol.json().path("message").asString()).isEqualTo("invalid property value \"ipProtocol\":\"quic\"");

        assertThat(auth("POST", "/mgmt/tm/ltm/virtual",
                Map.of("name", "bad", "partition", "Tenant1", "destination", "10.20.0.61")).status()).isEqualTo(400);
        assertThat(auth("POST", "/mgmt/tm/ltm/virtual", Map.of("name", "bad", "partition", "Tenant1",
                "destination", "10.20.0.61:80", "persist", List.of(Map.of("name", "sticky")))).status()).isEqualTo(404);
        assertThat(auth("GET", "/mgmt/tm/ltm/virtual/~Tenant1~bad", null).status()).isEqualTo(404);
    }

    @Test
    void managesHttpMonitorsAndRefusesDeletingOneInUse() {
        Reply created = auth("POST", "/mgmt/tm/ltm/monitor/http", Map.of("name", "shop_mon", "partition", "Tenant1",
                "send", "GET /monitor/l7check HTTP/1.0\\r\\n\\r\\n", "interval", 5, "timeout", 16));
        assertThat(created.status()).isEqualTo(200);
        assertThat(auth("POST", "/mgmt/tm/ltm/monitor/http", Map.of("name", "shop_mon", "partition", "Tenant1"))
                .status()).isEqualTo(409);
        assertThat(auth("PATCH", "/mgmt/tm/ltm/monitor/http/~Tenant1~shop_mon", Map.of("interval", "soon")).json()
                .path("message").asString()).isEqualTo("invalid property value \"interval\":\"soon\"");

        auth("PATCH", "/mgmt/tm/ltm/pool/~Tenant1~shop", Map.of("monitor", "/Tenant1/shop_mon"));
        Reply inUse = auth("DELETE", "/mgmt/tm/ltm/monitor/http/~Tenant1~shop_mon", null);
        assertThat(inUse.status()).isEqualTo(400);
        assertThat(inUse.json().path("message").asString()).isEqualTo("01070083:3: Monitor /Tenant1/shop_mon is in use.");

        auth("PATCH", "/mgmt/tm/ltm/pool/~Tenant1~shop", Map.of("monitor", ""));
        assertThat(auth("DELETE", "/mgmt/tm/ltm/monitor/http/~Tenant1~shop_mon", null).status()).isEqualTo(200);
        assertThat(auth("GET", "/mgmt/tm/ltm/monitor/http", null).json().path("items")).isEmpty();
    }

    private Reply auth(String method, String path, Object body, String... headers) {
        String[] all = new String[headers.length + 2];
        all[0] = "X-F5-Auth-Token";
        all[1] = token;
        System.arraycopy(headers, 0, all, 2, headers.length);
        return http.send(method, path, body, all);
    }
}
