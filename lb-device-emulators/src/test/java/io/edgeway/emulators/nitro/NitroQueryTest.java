package io.edgeway.emulators.nitro;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.edgeway.emulators.support.Json;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** The NITRO query language on a list of objects, without HTTP. */
class NitroQueryTest {

    private static final List<Map<String, Object>> VSERVERS = List.of(
            Json.object("name", "vs1", "port", 80, "servicetype", "HTTP"),
            Json.object("name", "vs2", "port", 443, "servicetype", "SSL"),
            Json.object("name", "vs3", "port", 80, "servicetype", "SSL"));

    @Test
    void filtersOnEveryPairGivenComparingAsText() {
        JsonNode body = list("filter", "port:80,servicetype:SSL");

        assertThat(body.path("lbvserver").findValuesAsString("name")).containsExactly("vs3");
    }

    @Test
    void countsTheFilteredObjects() {
        JsonNode body = list("filter", "port:80", "count", "yes");

        assertThat(body.path("lbvserver").get(0).path("__count").asInt()).isEqualTo(2);
    }

    @Test
    void pagesFromPageOne() {
        assertThat(list("pagesize", "2").path("lbvserver").findValuesAsString("name")).containsExactly("vs1", "vs2");
        assertThat(list("pagesize", "2", "pageno", "2").path("lbvserver").findValuesAsString("name"))
                .containsExactly("vs3");
    }

    @Test
    void keepsOnlyTheAttrsAsked() {
        JsonNode first = list("attrs", "servicetype,name").path("lbvserver").get(0);

        assertThat(first.propertyNames()).containsExactly("name", "servicetype");
    }

    @Test
    void answersNoMatchWithoutTheTypeKey() {
        JsonNode body = list("filter", "name:none");

        assertThat(body.has("lbvserver")).isFalse();
        assertThat(body.path("errorcode").asInt()).isZero();
    }

    @Test
    void readsArgsWithColonsAndEncodedValues() {
        NitroQuery query = new NitroQuery(Map.of("args", "ip:2001:db8::1,port:80,servername:sg%20one"));

        assertThat(query.args()).containsExactly(Map.entry("ip", "2001:db8::1"), Map.entry("port", "80"),
                Map.entry("servername", "sg one"));
    }

    private static JsonNode list(String... params) {
        Map<String, String> query = new LinkedHashMap<>();
        for (int i = 0; i < params.length; i += 2) {
            query.put(params[i], params[i + 1]);
        }
        return Json.MAPPER.readTree(new NitroQuery(query).list("lbvserver", VSERVERS).body());
    }
}
