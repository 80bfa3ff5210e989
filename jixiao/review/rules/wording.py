"""Review rules of the `wording` family."""
