"""Operating a deployment: backups and restores (`jixiao backup`, `jixiao restore`)."""
