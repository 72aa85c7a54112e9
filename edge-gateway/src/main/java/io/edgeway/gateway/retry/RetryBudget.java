package io.edgeway.gateway.retry;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import io.edgeway.gateway.settings.RetryBudgetProperties;

/**
 * One service's retry budget: every request deposits {@code ratio} of a retry, every retry withdraws one; when
 * the balance is spent, only {@code minPerSecond} retries a second are left. Knows nothing of HTTP.
 */
public final class RetryBudget {

    private static final long ONE = 1000;

    private final RetryBudgetProperties settings;

    private final LongSupplier nanoClock;

    /** Saved retries, in thousandths. */
    private long balance;

    private long currentSecond = Long.MIN_VALUE;

    private int floorUsed;

    public RetryBudget(RetryBudgetProperties settings, LongSupplier nanoClock) {
        this.settings = settings;
        this.nanoClock = nanoClock;
    }

    /** A new request (not a retry) went out. */
    public synchronized void onRequest() {
        balance = Math.min(balance + Math.round(settings.ratio() * ONE), settings.maxBalance() * ONE);
    }

    /** Takes one retry from the budget if there is one left; false when retries are spent for now. */
    public synchronized boolean tryRetry() {
        if (balance >= ONE) {
            balance -= ONE;
            return true;
        }
        if (floorLeft()) {
            floorUsed++;
            return true;
        }
        return false;
    }

    /** Saved retries now. */
    public synchronized double balance() {
        return balance / (double) ONE;
    }

    private boolean floorLeft() {
        long second = TimeUnit.NANOSECONDS.toSeconds(nanoClock.getAsLong());
        if (second != currentSecond) {
            currentSecond = second;
            floorUsed = 0;
        }
        return floorUsed < settings.minPerSecond();
    }
}
