"""Review rules of the `unit` family."""
