package io.edgeway.gateway.retry;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import io.edgeway.gateway.settings.RetryBudgetProperties;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RetryBudgetTest {

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
