# Dutch dates as the Taalunie writes them: "2 december 2026", short "2 dec. 2026". The
# month abbreviations with their full stop ("mrt.", "dec."; "mei" stays whole) come from
# ruggensteun/locale/nl (Django's own Dutch leaves the stop off).
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATE_FORMAT = "j N Y"
SHORT_DATETIME_FORMAT = "j N Y, H:i"
MONTH_DAY_FORMAT = "j N"
