"""Review rules of the `template` family."""
