"""Names the screens use for the core's ids (categories, decisions, equipment)."""

from django.utils.translation import gettext_lazy as _

CATEGORY_NAMES = {
    "posture": _("Houding en lichaamsbewustzijn"),
    "mobility": _("Losmaakoefeningen"),
    "stretching": _("Rekken"),
    "motor_control": _("Diepe spieren en motorische controle"),
    "strength": _("Kracht"),
    "conditioning": _("Conditie"),
    "nerve_gliding": _("Zenuwmobilisatie (alleen radiculair)"),
    "relaxation": _("Ontspanning en ademhaling"),
    "functional": _("Sport en werk"),
}

# For patients choosing what they like (programme.md §4 preference), in B1 words.
CATEGORY_NAMES_FOR_PATIENTS = {
    "posture": _("Houding: leren voelen hoe u staat en zit"),
    "mobility": _("Losmaken: rustig bewegen tegen stijfheid"),
    "stretching": _("Rekken"),
    "motor_control": _("De diepe spieren van buik en rug trainen"),
    "strength": _("Kracht: sterker worden"),
    "conditioning": _("Conditie: fietsen, traplopen, zwemmen"),
    "nerve_gliding": _("Oefeningen voor de zenuw in uw been"),
    "relaxation": _("Ontspanning en ademhaling"),
    "functional": _("Oefenen voor werk en sport, zoals tillen"),
}

DECISION_BADGES = {
    "start": "",
    "progress": "ok",
    "hold": "",
    "hold_low_adherence": "warning",
    "step_back": "danger",
}

EQUIPMENT_NAMES = {
    "none": _("geen"),
    "mat": _("mat"),
    "chair": _("stoel"),
    "wall": _("muur"),
    "step": _("opstapje"),
    "stairs": _("trap"),
    "box": _("kist of doos"),
    "bag": _("tas"),
    "towel": _("handdoek"),
    "bicycle": _("fiets"),
    "pool": _("zwembad"),
}
