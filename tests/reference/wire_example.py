"""The case of the wire format's example (spec/wire.md 6.1), shared by the reference tests."""

WIRE_EXAMPLE = {
    "grid": [0, 50, 100, 150],
    "mm": {"rates": ["4.30", "4.32", "4.35"], "hurdle": "0.10"},
    "rm": {"rates": ["4.90", "4.70", "4.50"], "hurdle": "0.05"},
    "theta": "0.5",
    "tie_break": "largest_volume",
}
