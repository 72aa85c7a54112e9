package io.edgeway.lbadapter.vip;

/**
 * Where the VIP cycle records its device writes as they happen: each {@link VipWrite} before its device call, and its
 * outcome after it, so that a write cut short (the device hung, the process died) leaves its intent on record.
 */
@FunctionalInterface
public interface VipJournal {

    /** Records nothing. */
    VipJournal NONE = write -> error -> {
    };

    /** The outcome of one write recorded by {@link #intend}. */
    @FunctionalInterface
    interface Outcome {

        /** The write is done: {@code error} is null when it succeeded, else what the device answered. */
        void completed(String error);
    }

    /** Records that this write is about to be made. */
    Outcome intend(VipWrite write);
}
