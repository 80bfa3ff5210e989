"""Operating a deployment: backups and restores (`jixiao backup`, `jixiao restore`), and writing
many new rows at once (`bulk`)."""
