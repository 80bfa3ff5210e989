"""Review rules of the `duplication` family."""
