package io.edgeway.e2e.bench;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jdk.jfr.Recording;

import io.edgeway.e2e.bench.JfrProfile.ThreadLoad;

import static org.assertj.core.api.Assertions.assertThat;

class JfrProfileTest {

    @Test
    void foldsAPoolIntoOneLineBusiestFirst() {
        JfrProfile profile = new JfrProfile(List.of(new ThreadLoad(1, "http-nio-1", 0.010), new ThreadLoad(1, "http-nio-1", 0.020),
                new ThreadLoad(2, "http-nio-2", 0.005), new ThreadLoad(3, "main", 0.030), new ThreadLoad(4, "idle", 0)), List.of());

        assertThat(profile.busiestThreads(2, 2)).isEqualTo("main 60; http-nio-N (2 threads) 40");
    }

    @Test
    void topFramesWithTheirShareOfTheSamples() {
        JfrProfile profile = new JfrProfile(List.of(), List.of("a.B.run", "a.B.run", "c.D.poll", "a.B.run"));

        assertThat(profile.topFrames(5)).isEqualTo("`a.B.run` (3, 75 %); `c.D.poll` (1, 25 %)");
    }

    @Test
    void noSamplesNoThreads() {
        assertThat(new JfrProfile(List.of(), List.of()).busiestThreads(2, 5)).isEqualTo("none");
        assertThat(new JfrProfile(List.of(), List.of()).topFrames(5)).isEmpty();
    }

    @Test
    void readsARecordingFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("test.jfr");
        try (Recording recording = new Recording()) {
            recording.enable("jdk.ThreadCPULoad").withPeriod(java.time.Duration.ofMillis(10));
            recording.start();
            long until = System.nanoTime() + 300_000_000L;
            double spin = 0;
            while (System.nanoTime() < until) {
                spin += Math.sqrt(spin + 1);
            }
            recording.stop();
            recording.dump(file);
        }

        assertThat(JfrProfile.read(file).busiestThreads(1, 5)).isNotEqualTo("none");
    }
}
