"""Review rules of the `measurability` family."""
