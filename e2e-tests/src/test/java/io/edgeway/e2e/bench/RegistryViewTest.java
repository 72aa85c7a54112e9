package io.edgeway.e2e.bench;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import static org.assertj.core.api.Assertions.assertThat;

class RegistryViewTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final RegistryView view = new RegistryView();

    @Test
    void fullFetchReplacesTheView() {
        view.replace(json("""
                {"applications":{"apps__hashcode":"UP_1_","application":[{"name":"OLD","instance":[
                  {"instanceId":"o1","status":"UP"}]}]}}"""));

        view.replace(json("""
                {"applications":{"apps__hashcode":"DOWN_1_UP_2_","application":[
                  {"name":"A","instance":[{"instanceId":"a1","status":"UP"},{"instanceId":"a2","status":"DOWN"}]},
                  {"name":"B","instance":{"instanceId":"b1","status":"UP"}}]}}"""));

        assertThat(view.instanceCount()).isEqualTo(3);
        assertThat(view.status("OLD", "o1")).isNull();
        assertThat(view.status("a", "a2")).isEqualTo("DOWN");
        assertThat(view.status("B", "b1")).isEqualTo("UP");
        assertThat(view.reconcileHashCode()).isEqualTo("DOWN_1_UP_2_");
    }

    @Test
    void deltaAddsModifiesAndDeletesInstances() {
        view.replace(json("""
                {"applications":{"application":[{"name":"A","instance":[
                  {"instanceId":"a1","status":"UP"},{"instanceId":"a2","status":"UP"}]}]}}"""));

        boolean consistent = view.applyDelta(json("""
                {"applications":{"apps__hashcode":"OUT_OF_SERVICE_1_UP_1_","application":[
                  {"name":"A","instance":[
                    {"instanceId":"a1","status":"OUT_OF_SERVICE","actionType":"MODIFIED"},
                    {"instanceId":"a2","status":"UP","actionType":"DELETED"}]},
                  {"name":"C","instance":[{"instanceId":"c1","status":"UP","actionType":"ADDED"}]}]}}"""));

        assertThat(consistent).isTrue();
        assertThat(view.status("A", "a1")).isEqualTo("OUT_OF_SERVICE");
        assertThat(view.status("A", "a2")).isNull();
        assertThat(view.status("C", "c1")).isEqualTo("UP");
    }

    @Test
    void anEmptyDeltaKeepsTheViewAndMatchesAnUnchangedRegistry() {
        view.replace(json("""
                {"applications":{"application":[{"name":"A","instance":[{"instanceId":"a1","status":"UP"}]}]}}"""));

        assertThat(view.applyDelta(json("{\"applications\":{\"apps__hashcode\":\"UP_1_\",\"application\":[]}}")))
                .isTrue();
        assertThat(view.instanceCount()).isEqualTo(1);
    }

    @Test
    void aDeltaThatLeavesTheViewDifferentFromTheServerAsksForAFullFetch() {
        view.replace(json("""
                {"applications":{"application":[{"name":"A","instance":[{"instanceId":"a1","status":"UP"}]}]}}"""));

        // The server lists two UP instances, but this delta only tells of a status change: a change was missed.
        assertThat(view.applyDelta(json("""
                {"applications":{"apps__hashcode":"UP_2_","application":[{"name":"A","instance":[
                  {"instanceId":"a1","status":"UP","actionType":"MODIFIED"}]}]}}"""))).isFalse();
    }

    @Test
    void deletingTheLastInstanceRemovesTheApplication() {
        view.replace(json("""
                {"applications":{"application":[{"name":"A","instance":[{"instanceId":"a1","status":"UP"}]}]}}"""));

        assertThat(view.applyDelta(json("""
                {"applications":{"apps__hashcode":"","application":[{"name":"A","instance":[
                  {"instanceId":"a1","status":"UP","actionType":"DELETED"}]}]}}"""))).isTrue();
        assertThat(view.instanceCount()).isZero();
        assertThat(view.reconcileHashCode()).isEmpty();
    }

    private static JsonNode json(String text) {
        return JSON.readTree(text);
    }
}
