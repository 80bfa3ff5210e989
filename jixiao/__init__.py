"""jixiao (绩效): budget performance management for Chinese public-sector units."""

__version__ = "0.1.0"
