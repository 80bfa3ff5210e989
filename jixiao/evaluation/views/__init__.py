"""The self-evaluation pages: each project's (`projects`), the department's roll-up and the
scoring profiles (`department`)."""
