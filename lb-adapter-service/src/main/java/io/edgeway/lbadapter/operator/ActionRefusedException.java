package io.edgeway.lbadapter.operator;

/** An operator action the adapter will not send (a viewer's, or on a pool it does not mirror): 403, audited. */
public class ActionRefusedException extends RuntimeException {

    ActionRefusedException(String message) {
        super(message);
    }
}
