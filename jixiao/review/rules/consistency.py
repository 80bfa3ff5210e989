"""Review rules of the `consistency` family."""
