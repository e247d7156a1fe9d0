"""Rendering, one module per screen family; pages call these and the core."""
