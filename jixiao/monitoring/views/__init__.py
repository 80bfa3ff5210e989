"""The monitoring pages: payments (`payments`), indicator progress and evidence (`progress`),
rounds and their reports (`rounds`)."""
