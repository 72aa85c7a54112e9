package io.edgeway.lbadapter.deploy;

/** An instance's L7 switch: down takes it out of every pool (its check answers 503, its registry status OUT_OF_SERVICE). */
public interface InstanceSwitch {

    /** Switches the instance down; throws {@link SwitchRefusedException} when the instance does not confirm it. */
    void down(DeployTarget target);

    /** The instance did not switch. */
    final class SwitchRefusedException extends RuntimeException {

        public SwitchRefusedException(String message) {
            super(message);
        }
    }
}
