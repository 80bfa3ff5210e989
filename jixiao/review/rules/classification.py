"""Review rules of the `classification` family."""
