"""Review rules of the `conflict` family."""
