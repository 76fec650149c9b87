"""The instruments' own abbreviations, for tables and menus (not translated)."""

SHORT_NAMES: dict[str, str] = {
    "nprs": "NPRS",
    "startback": "STarT Back",
    "qbpds": "QBPDS",
    "rmdq": "RMDQ",
    "odi": "ODI",
    "psk": "PSK",
    "gpe": "GPE",
    "fabq": "FABQ",
    "tsk17": "TSK-17",
    "tsk11": "TSK-11",
    "ompsq10": "ÖMPSQ-SF",
    "eq5d5l": "EQ-5D-5L",
}


def short_name(code: str) -> str:
    return SHORT_NAMES.get(code, code)
