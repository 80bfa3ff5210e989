"""The monitoring pages: payments (`payments`), monitoring rounds and their reports
(`reports`), indicator progress, evidence and the joint view (`progress`)."""
