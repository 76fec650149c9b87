# British order, as in the rest of Europe: "2 December 2026", short "2 Dec 2026"
# (Django's default English is American: "Dec. 2, 2026", "12/02/2026").
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j M Y, H:i"
MONTH_DAY_FORMAT = "j M"
