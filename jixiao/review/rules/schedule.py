"""Review rules of the `schedule` family."""
