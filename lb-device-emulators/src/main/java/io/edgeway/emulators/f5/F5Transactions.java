package io.edgeway.emulators.f5;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.edgeway.emulators.support.Json;
import io.edgeway.emulators.support.Request;

/** Open transactions: commands queued under {@code X-F5-REST-Coordination-Id}, applied all or nothing. */
final class F5Transactions {

    /** One transaction and its queued commands. */
    static final class Transaction {

        final long id;

        final Instant started;

        final List<Request> commands = new ArrayList<>();

        String state = "STARTED";

        Transaction(long id, Instant started) {
            this.id = id;
            this.started = started;
        }

        Map<String, Object> toJson(Duration timeout) {
            return Json.object("transId", id, "state", state, "timeoutSeconds", timeout.toSeconds(),
                    "asyncExecution", false, "validateOnly", false, "executionTimeout", 300, "executionTime", 0,
                    "failureReason", "", "kind", "tm:transactionstate", "selfLink",
                    "https://localhost/mgmt/tm/transaction/" + id + F5Paths.VERSION);
        }

        List<Map<String, Object>> commandsJson() {
            List<Map<String, Object>> items = new ArrayList<>();
            for (int i = 0; i < commands.size(); i++) {
                Request command = commands.get(i);
                items.add(Json.object("method", command.method(), "uri", "https://localhost" + command.rawPath(),
                        "body", command.body().length == 0 ? Map.of() : command.json(), "evalOrder", i + 1,
                        "commandId", i + 1, "kind", "tm:transaction:commandsstate"));
            }
            return items;
        }
    }

    private final AtomicLong ids = new AtomicLong(ChronoUnit.MILLIS.between(Instant.EPOCH, Instant.now()) / 1000);

    private final Map<Long, Transaction> open = new HashMap<>();

    private final Duration timeout;

    F5Transactions(Duration timeout) {
        this.timeout = timeout;
    }

    Transaction start(Instant now) {
        Transaction transaction = new Transaction(ids.incrementAndGet(), now);
        open.put(transaction.id, transaction);
        return transaction;
    }

    /** The open transaction, or a 404 when it never existed, was committed, or timed out (silently, as on the device). */
    Transaction find(String id, Instant now) {
        open.values().removeIf(t -> !now.isBefore(t.started.plus(timeout)));
        Transaction transaction = null;
        try {
            transaction = open.get(Long.parseLong(id));
        }
        catch (NumberFormatException e) {
            // unknown below
        }
        if (transaction == null) {
            throw F5Errors.tm(404, "Transaction " + id + " was not found.", 1);
        }
        return transaction;
    }

    void close(Transaction transaction) {
        open.remove(transaction.id);
    }

    Duration timeout() {
        return timeout;
    }
}
