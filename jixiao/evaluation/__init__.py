"""绩效自评: scoring profiles in force, project self-evaluations and the department roll-up."""
