"""Review rules of the `basis` family."""
