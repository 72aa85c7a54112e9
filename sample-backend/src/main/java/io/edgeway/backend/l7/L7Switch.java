package io.edgeway.backend.l7;

import java.util.concurrent.atomic.AtomicBoolean;

import org.springframework.stereotype.Component;

/** Whether this instance is switched in (up) or out (down) of service by an operator. */
@Component
class L7Switch {

    private final AtomicBoolean up = new AtomicBoolean(true);

    boolean isUp() {
        return up.get();
    }

    void set(boolean up) {
        this.up.set(up);
    }
}
