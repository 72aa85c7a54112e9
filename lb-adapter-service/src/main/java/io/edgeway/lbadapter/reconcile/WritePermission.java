package io.edgeway.lbadapter.reconcile;

/**
 * Whether this adapter may write to the devices at this moment: asked again before every device write, so that a
 * replica that lost leadership stops in the middle of a batch.
 */
@FunctionalInterface
public interface WritePermission {

    /** Always granted: a single adapter, with no other replica to leave the writing to. */
    WritePermission ALWAYS = () -> true;

    /** True if a write may start now and stay allowed for long enough to finish (one device call, with retries). */
    boolean confirm();

    /** Returns when {@link #confirm()} does; else throws, so that nothing is sent to {@code device}. */
    default void require(String device) {
        if (!confirm()) {
            throw new DeviceException(device, DeviceException.Kind.NOT_PERMITTED,
                    "not written: this replica does not lead");
        }
    }
}
