package io.edgeway.gateway.retry;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.edgeway.gateway.settings.RetryBudgetProperties;
import org.junit.jupiter.api.Test;

import io.edgeway.gateway.support.Concurrently;

import static org.assertj.core.api.Assertions.assertThat;

class RetryBudgetTest {

    private static final int THREADS = 8;

    private static final int REQUESTS_PER_THREAD = 20_000;

    private final AtomicLong clock = new AtomicLong();

    @Test
    void retriesAtMostTheRatioOfRequests() {
        RetryBudget budget = new RetryBudget(new RetryBudgetProperties(0.2, 0, 50), clock::get);

        int retries = 0;
        for (int request = 0; request < 100; request++) {
            budget.onRequest();
            if (budget.tryRetry()) {
                retries++;
            }
        }

        assertThat(retries).isEqualTo(20);
    }

    @Test
    void aQuietServiceStillGetsTheFloorEverySecond() {
        RetryBudget budget = new RetryBudget(new RetryBudgetProperties(0.2, 2, 50), clock::get);

        assertThat(retriesNow(budget, 10)).isEqualTo(2);
        clock.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(retriesNow(budget, 10)).isEqualTo(2);
    }

    @Test
    void aCalmPeriodSavesUpOnlyMaxBalance() {
        RetryBudget budget = new RetryBudget(new RetryBudgetProperties(0.5, 0, 5), clock::get);
        for (int request = 0; request < 1000; request++) {
            budget.onRequest();
        }

        assertThat(retriesNow(budget, 100)).isEqualTo(5);
    }

    @Test
    void aRefusedRetryTakesNothing() {
        RetryBudget budget = new RetryBudget(new RetryBudgetProperties(0.5, 0, 5), clock::get);
        budget.onRequest();

        assertThat(budget.tryRetry()).isFalse();
        budget.onRequest();
        assertThat(budget.tryRetry()).isTrue();
        assertThat(budget.balance()).isZero();
    }

    @Test
    void concurrentRequestsLoseNoDeposit() throws Exception {
        RetryBudget budget = new RetryBudget(new RetryBudgetProperties(0.5, 0, 1_000_000), clock::get);

        Concurrently.run(THREADS, () -> {
            for (int i = 0; i < REQUESTS_PER_THREAD; i++) {
                budget.onRequest();
            }
        });

        assertThat(budget.balance()).isEqualTo(THREADS * REQUESTS_PER_THREAD * 0.5);
    }

    @Test
    void concurrentRetriesTakeExactlyWhatWasSaved() throws Exception {
        RetryBudget budget = new RetryBudget(new RetryBudgetProperties(0.5, 0, 1_000_000), clock::get);
        for (int request = 0; request < 2 * REQUESTS_PER_THREAD; request++) {
            budget.onRequest();
        }
        AtomicInteger retries = new AtomicInteger();

        Concurrently.run(THREADS, () -> retries.addAndGet(retriesNow(budget, REQUESTS_PER_THREAD)));

        assertThat(retries).hasValue(REQUESTS_PER_THREAD);
        assertThat(budget.balance()).isZero();
    }

    @Test
    void concurrentRetriesShareOneFloor() throws Exception {
        RetryBudget budget = new RetryBudget(new RetryBudgetProperties(0.2, 7, 50), clock::get);
        AtomicInteger retries = new AtomicInteger();

        Concurrently.run(THREADS, () -> retries.addAndGet(retriesNow(budget, 100)));

        assertThat(retries).hasValue(7);
    }

    @Test
    void aLateReaderOfTheClockDoesNotReopenTheFloor() {
        RetryBudget budget = new RetryBudget(new RetryBudgetProperties(0.2, 1, 50), clock::get);
        clock.set(Duration.ofSeconds(5).toNanos());
        assertThat(budget.tryRetry()).isTrue();

        clock.set(Duration.ofSeconds(4).toNanos());

        assertThat(budget.tryRetry()).isFalse();
    }

    private static int retriesNow(RetryBudget budget, int attempts) {
        int retries = 0;
        for (int i = 0; i < attempts; i++) {
            if (budget.tryRetry()) {
                retries++;
            }
        }
        return retries;
    }
}
