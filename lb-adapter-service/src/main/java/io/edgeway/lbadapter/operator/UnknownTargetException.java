package io.edgeway.lbadapter.operator;

/** An operator named a device, pool or member that does not exist: answered 404 with this message. */
class UnknownTargetException extends RuntimeException {

    UnknownTargetException(String message) {
        super(message);
    }
}
