package io.edgeway.gateway.retry;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

import io.edgeway.gateway.settings.RetryBudgetProperties;

/**
 * One service's retry budget: every request deposits {@code ratio} of a retry, every retry withdraws one; when
 * the balance is spent, only {@code minPerSecond} retries a second are left. Knows nothing of HTTP. Lock-free: every
 * request of the service passes here.
 */
public final class RetryBudget {

    private static final long ONE = 1000;

    private final LongSupplier nanoClock;

    private final long deposit;

    private final long maxBalance;

    private final int minPerSecond;

    /** Saved retries, in thousandths. */
    private final AtomicLong balance = new AtomicLong();

    private final AtomicReference<FloorWindow> floor = new AtomicReference<>(new FloorWindow(Long.MIN_VALUE, 0));

    public RetryBudget(RetryBudgetProperties settings, LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
        this.deposit = Math.round(settings.ratio() * ONE);
        this.maxBalance = settings.maxBalance() * ONE;
        this.minPerSecond = settings.minPerSecond();
    }

    /** A new request (not a retry) went out. */
    public void onRequest() {
        long current;
        do {
            current = balance.get();
            if (current >= maxBalance) {
                return; // a full budget, the usual case, costs a read and no write
            }
        }
        while (!balance.compareAndSet(current, Math.min(current + deposit, maxBalance)));
    }

    /** Takes one retry from the budget if there is one left; false when retries are spent for now. */
    public boolean tryRetry() {
        long current;
        do {
            current = balance.get();
            if (current < ONE) {
                return tryFloor();
            }
        }
        while (!balance.compareAndSet(current, current - ONE));
        return true;
    }

    /** Saved retries now. */
    public double balance() {
        return balance.get() / (double) ONE;
    }

    private boolean tryFloor() {
        long second = TimeUnit.NANOSECONDS.toSeconds(nanoClock.getAsLong());
        FloorWindow window;
        FloorWindow next;
        do {
            window = floor.get();
            // A thread that read the clock just before the second turned counts against the newer second.
            next = second > window.second() ? new FloorWindow(second, 1) : window.plusOne();
            if (next.used() > minPerSecond) {
                return false;
            }
        }
        while (!floor.compareAndSet(window, next));
        return true;
    }

    /** Floor retries taken in one second of the clock. */
    private record FloorWindow(long second, int used) {

        FloorWindow plusOne() {
            return new FloorWindow(second, used + 1);
        }
    }
}
