"""Target documents stored per department and year: the core model, persisted."""
