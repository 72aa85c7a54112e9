package io.edgeway.gateway.leak;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

class NettyLeakCheckTest {

    @Test
    void failsTheClassThatLeakedBuffer() {
        NettyLeakCheck.collect();

        TestExecutionSummary summary = run(LeakingTests.class);

        assertThat(summary.getTestsSucceededCount()).isEqualTo(1);
        assertThat(summary.getFailures()).singleElement().satisfies(failure -> {
            assertThat(failure.getTestIdentifier().isContainer()).isTrue();
            assertThat(failure.getException()).isInstanceOf(AssertionError.class)
                    .hasMessageContaining("LEAK: ByteBuf.release() was not called")
                    .hasMessageContaining("LeakingTests.forgetsToReleaseBuffer");
        });
    }

    @Test
    void passesTheClassThatReleasedItsBuffers() {
        NettyLeakCheck.collect();

        TestExecutionSummary summary = run(ReleasingTests.class);

        assertThat(summary.getTestsSucceededCount()).isEqualTo(1);
        assertThat(summary.getFailures()).isEmpty();
    }

    private static TestExecutionSummary run(Class<?> testClass) {
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(testClass)).build();
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        launcher.execute(request, listener);
        return listener.getSummary();
    }

    /** Run by the test above only (surefire skips nested classes). */
    static class LeakingTests {

        @Test
        void forgetsToReleaseBuffer() {
            ByteBuf buffer = ByteBufAllocator.DEFAULT.directBuffer(64);
            buffer.writeLong(42);
        }
    }

    /** Run by the test above only. */
    static class ReleasingTests {

        @Test
        void releasesBuffer() {
            ByteBuf buffer = ByteBufAllocator.DEFAULT.directBuffer(64);
            buffer.writeLong(42);
            buffer.release();
        }
    }
}
