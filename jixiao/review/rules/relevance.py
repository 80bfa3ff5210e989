"""Review rules of the `relevance` family."""
