package io.edgeway.gateway.revision;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class LastGoodConfigCacheTest {

    private static final ServedConfig C1 = new ServedConfig("edge-gateway", "c1", List.of(
            new ServedConfig.Source("edge-gateway-prod.yml", Map.of("a", "from prod")),
            new ServedConfig.Source("edge-gateway.yml", Map.of("a", "from default", "b", "2"))));

    @TempDir
    Path dir;

    @Test
    void readsBackWhatItWrote() {
        LastGoodConfigCache cache = new LastGoodConfigCache(dir.resolve("cache.json"));

        cache.write(C1);

        assertThat(new LastGoodConfigCache(dir.resolve("cache.json")).read()).contains(C1);
    }

    @Test
    void keepsTheOrderOfTheSources() {
        LastGoodConfigCache cache = new LastGoodConfigCache(dir.resolve("cache.json"));

        cache.write(C1);

        assertThat(cache.read().orElseThrow().propertySources()).extracting(ServedConfig.Source::name)
                .containsExactly("edge-gateway-prod.yml", "edge-gateway.yml");
    }

    @Test
    void hasNothingBeforeTheFirstWrite() {
        assertThat(new LastGoodConfigCache(dir.resolve("cache.json")).read()).isEmpty();
    }

    @Test
    void makesTheFoldersItNeeds() {
        Path file = dir.resolve("a/b/cache.json");

        new LastGoodConfigCache(file).write(C1);

        assertThat(file).isRegularFile();
    }

    @Test
    void aNewWriteReplacesTheFileAndLeavesNoTemporaryFile() throws Exception {
        LastGoodConfigCache cache = new LastGoodConfigCache(dir.resolve("cache.json"));
        ServedConfig c2 = new ServedConfig("edge-gateway", "c2", List.of(new ServedConfig.Source("edge-gateway.yml",
                Map.of("b", "3"))));

        cache.write(C1);
        cache.write(c2);

        assertThat(cache.read()).contains(c2);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(dir.resolve("cache.json"));
        }
    }

    @Test
    void theConfiguredFileWins() {
        MockEnvironment environment = new MockEnvironment()
                .withProperty("edgeway.gateway.config-push.cache-file", dir.resolve("mine.json").toString())
                .withProperty("server.port", "9000");

        assertThat(LastGoodConfigCache.of(environment).file()).isEqualTo(dir.resolve("mine.json"));
    }

    @Test
    void byDefaultOneFilePerApplicationAndPortInTheHomeFolder() {
        MockEnvironment environment = new MockEnvironment().withProperty("spring.application.name", "edge-gateway")
                .withProperty("server.port", "9000");

        assertThat(LastGoodConfigCache.of(environment).file()).isEqualTo(
                Path.of(System.getProperty("user.home"), ".edgeway", "config-cache", "edge-gateway-9000.json"));
    }
}
