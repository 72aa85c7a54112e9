package io.edgeway.lbadapter.reconcile;

/** A member's admin state as the reconciler sees it, whatever the vendor calls it. */
public enum MemberState {

    /** Takes new clients (F5 {@code user-enabled}; NITRO {@code ENABLED}). */
    ENABLED,

    /** Takes no new clients, finishes what it has (F5 {@code user-disabled}; NITRO GOING OUT OF SERVICE). */
    DRAINING,

    /** Takes nothing any more; safe to delete (NITRO OUT OF SERVICE; F5 forced offline). */
    DRAINED
}
