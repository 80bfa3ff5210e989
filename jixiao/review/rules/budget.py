"""Review rules of the `budget` family."""
