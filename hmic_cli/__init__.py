"""hmic: query HMIC / HMICFRS PEEL inspection outcomes for police forces in England and Wales."""

__version__ = "1.0.0"
