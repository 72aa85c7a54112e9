package io.edgeway.lbadapter.reconcile;

/** Whether this adapter may write to the devices at this moment; asked again before every batch of writes. */
@FunctionalInterface
public interface WritePermission {

    /** Always granted: a single adapter, with no other replica to leave the writing to. */
    WritePermission ALWAYS = () -> true;

    /** True if writes may start now and stay allowed for long enough to finish one batch. */
    boolean confirm();
}
