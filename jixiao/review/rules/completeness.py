"""Review rules of the `completeness` family."""
