package dev.hilfarm.harness.farm.store;

/** How one attempt of a job ended, in the harness's failure taxonomy. */
public sealed interface AttemptResult {
    /** The stored word: PASSED, FAILED or BROKEN. */
    String code();

    String detail();

    record Passed() implements AttemptResult {
        @Override
        public String code() {
            return "PASSED";
        }

        @Override
        public String detail() {
            return "";
        }
    }

    /** Product failures: the board worked and the product did not. */
    record TestFailures(String detail) implements AttemptResult {
        @Override
        public String code() {
            return "FAILED";
        }
    }

    /** The lab failed: no boot, serial or USB lost, power command failed, timeout, lease lost. */
    record Infrastructure(String detail) implements AttemptResult {
        @Override
        public String code() {
            return "BROKEN";
        }
    }
}
