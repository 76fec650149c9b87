"""Which exercises a plan holds and at what dosage (programme.md §4 selection, §5 dosage).

The first plan is chosen from the library; later plans carry the previous plan's exercises
forward and step each one up, hold it or step it down by the week's decision. Precisely:

- **Allowed** for a new choice or a level change: allowed for the pain type (nerve gliding
  only for ``radicular``), made for the patient's phase (``duration_class``), not disliked,
  and, while strength is deferred for acute high pain, ``suitable_high_pain`` and not strength.
- **Acute with high pain** (``acute`` and intake NPRS >= 7, §4): in weeks before
  ``strength_from_week`` (3 [D]; §4 says "the second or third week", we take the later) no
  strength and only exercises marked ``suitable_high_pain``; mobility and relaxation come
  first. Motor control stays in when the library has a suitable one (``abdominal activation``),
  so the "motor control or strength" rule still holds. In the first week the restriction
  lifts, one strength exercise is added (if there is room and none was ever in a plan),
  unless the week steps back or adherence was low.
- **First plan**: one mobility exercise; one motor-control or strength exercise (the
  patient's preference, else motor control for acute and subacute, strength for chronic);
  for ``radicular`` one nerve-gliding exercise (offered); then the preferred categories in
  the patient's order; then the phase's category order [D] until ``target_exercises`` [D]
  (more when mandatory and preferred categories need it, never more than 6). Within a
  category: the first chain in library order not yet in the plan, at its easiest allowed
  level, first dosage step.
- **Later plans**: every exercise stays, dosage changed by the decision (``step_up`` /
  ``step_down`` of the library; a level the patient may not have is not entered, the dose
  stays). Engine-chosen exercises that are no longer allowed (the profile changed) drop out.
  ``set_by: "therapist"`` exercises stay even outside the phase; only the pain-type rule and
  a dislike remove them. After that, missing mobility or motor-control/strength is added
  back and the plan is filled to 3. Preferences that change later only steer new choices.
- **Disliked** (in ``profile.disliked_exercises``): replaced, in its place, by the nearest
  easier allowed level of its chain, else by another chain of the same category, at the
  first dosage step; with no such exercise it drops out (and the plan is filled up). A
  disliked exercise is never chosen again, and progression never steps into it.
- A dosage the therapist changed (not a library step) progresses to the first library step
  with more volume (or the next level), steps back to the last with less (or the previous
  level), and holds as it is.
- **Safety exclusions** (``exclusion()``, programme.md §2 revision 2): with the tag
  ``pregnant`` no exercise lying on the belly (``position: prone``) and, after week 16 of
  the pregnancy or when the week is unknown, none lying on the back (``supine``); with
  ``pregnant`` or ``stenosis`` no extension exercise (``direction: extension``); and an
  extension exercise only when the patient reports that it eases the pain
  (``extension_eases_pain``). An excluded exercise is never chosen, never stepped into, and
  leaves a carried plan even when the therapist chose it, with a note naming the rule. A
  pregnant or stenosis profile gets a note on every plan, so the therapist sees the
  adaptation. When extension eases the pain, the extension exercise is the plan's mobility
  exercise (programme.md §4: positions that ease the leg pain preferred).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ruggensteun.clinical.programme.exercises import (
    Category,
    DosageStep,
    Dose,
    Exercise,
    Text,
    chain,
    chain_ids,
    get_exercise,
    step_down,
    step_up,
)
from ruggensteun.clinical.programme.plan_io import (
    MAX_EXERCISES,
    MIN_EXERCISES,
    Decision,
    Note,
    PlannedExercise,
    Profile,
    SetBy,
    WeeklyPlan,
)
from ruggensteun.clinical.programme.settings import ProgrammeSettings

CORE_CATEGORIES: tuple[Category, ...] = ("motor_control", "strength")
# programme.md §4: walking is always in, as the walking goal; the library's walking chain
# (conditioning) would ask for the same minutes twice, so the engine never picks it.
WALKING_CHAIN = "walking"

RULE_MOBILITY = "programme.md §4 selection: at least one mobility exercise"
RULE_CORE = "programme.md §4 selection: at least one motor control or strength exercise"
RULE_RADICULAR = "programme.md §4 radicular: nerve gliding offered"
RULE_PREFERENCE = "programme.md §4 preference"
RULE_FILL = "programme.md §4 selection: category order by phase [D]"
RULE_HIGH_PAIN = "programme.md §4 acute with NPRS >= 7: strength from week 3 [D]"
RULE_DISLIKED = "programme.md §4 disliked: an easier one of the same category"
RULE_THERAPIST = "programme.md §4 therapist's choice (set_by therapist)"
RULE_PROGRESS = "programme.md §5 progress: one dosage step up [D]"
RULE_HOLD = "programme.md §5 hold [D]"
RULE_LOW_ADHERENCE = "programme.md §5 hold, tell the therapist [D]"
RULE_STEP_BACK = "programme.md §5 step back: one dosage step down [D]"
RULE_TIME_CONTINGENT = "programme.md §5 time-contingent quota"
RULE_PAIN_GUIDED = "programme.md §5 pain-guided: some pain is allowed"
RULE_NERVE_ONLY_RADICULAR = "programme.md §3 nerve gliding only for radicular"
# programme.md §2 revision 2 [D]; triage.md PREGNANCY (pregnancy shapes the programme).
RULE_PREGNANT_PRONE = "programme.md §2 revision 2: pregnancy, no prone exercises [D]"
RULE_PREGNANT_SUPINE = (
    "programme.md §2 revision 2: pregnancy, no lying on the back after week 16 [D]"
)
RULE_PREGNANT_EXTENSION = "programme.md §2 revision 2: pregnancy, no extension exercises [D]"
# triage.md STENOSIS (NHG M55 [P]): neurogenic claudication eases by bending forward, so no
# exercises that bend the back backwards; programme.md §2 revision 2.
RULE_STENOSIS_EXTENSION = (
    "programme.md §2 revision 2: STENOSIS flag, no extension exercises (NHG M55)"
)
# programme.md §2 revision 2; clinical review 2026-12 finding 11: which direction helps
# differs per person, so extension only when the patient reports that it eases the pain.
RULE_EXTENSION_ONLY_IF_EASES = (
    "programme.md §2 revision 2: extension only when it eases the pain [D]"
)
RULE_EXTENSION_EASES = (
    "programme.md §2 revision 2: extension eases the pain; §4 positions that ease the pain "
    "preferred"
)
# A pregnancy is "after week 16" from week 17 (programme.md §2 revision 2).
PREGNANCY_SUPINE_LAST_WEEK = 16

CATEGORY_WORDS: dict[str, Text] = {
    "posture": Text(nl="houdingsoefeningen", en="posture exercises"),
    "mobility": Text(nl="losmaakoefeningen", en="mobility exercises"),
    "stretching": Text(nl="rekoefeningen", en="stretches"),
    "motor_control": Text(nl="oefeningen voor de diepe spieren", en="deep muscle exercises"),
    "strength": Text(nl="krachtoefeningen", en="strength exercises"),
    "conditioning": Text(nl="conditieoefeningen", en="fitness exercises"),
    "nerve_gliding": Text(nl="zenuwglijoefeningen", en="nerve gliding exercises"),
    "relaxation": Text(nl="ontspanningsoefeningen", en="relaxation exercises"),
    "functional": Text(nl="oefeningen voor werk en sport", en="work and sport exercises"),
}

_ORIGIN_MOBILITY = Text(
    nl="Losmaakoefeningen helpen tegen pijn en stijfheid. Elk plan heeft er minstens één.",
    en="Mobility exercises help against pain and stiffness. Every plan has at least one.",
)
_ORIGIN_CORE = {
    "motor_control": Text(
        nl="Deze oefening traint de diepe spieren van buik en rug. Elk plan heeft minstens "
        "één oefening voor de diepe spieren of voor kracht.",
        en="This exercise trains the deep muscles of your belly and back. Every plan has at "
        "least one deep muscle or strength exercise.",
    ),
    "strength": Text(
        nl="Sterke spieren steunen uw rug. Elk plan heeft minstens één oefening voor de diepe "
        "spieren of voor kracht.",
        en="Strong muscles support your back. Every plan has at least one deep muscle or "
        "strength exercise.",
    ),
}
_ORIGIN_NERVE = Text(
    nl="Uw pijn straalt uit naar uw been. Deze oefening helpt de zenuw in uw been weer soepel "
    "te bewegen.",
    en="Your pain spreads into your leg. This exercise helps the nerve in your leg move "
    "freely again.",
)
_ORIGIN_PREFERENCE = Text(
    nl="U gaf aan dat u {category} prettig vindt. Oefeningen die u prettig vindt, houdt u "
    "beter vol.",
    en="You said you like {category}. Exercises you like are easier to keep doing.",
)
_ORIGIN_FILL = Text(
    nl="Deze oefening past bij uw klachten op dit moment.",
    en="This exercise suits your back pain at this moment.",
)
_ORIGIN_HIGH_PAIN = Text(
    nl="U hebt nu veel pijn. Deze oefening is rustig en past daarbij.",
    en="You have a lot of pain now. This exercise is gentle and suits that.",
)
_ORIGIN_STRENGTH_ADDED = Text(
    nl="U oefent nu een paar weken. Daarom komt er een krachtoefening bij: sterke spieren "
    "steunen uw rug.",
    en="You have been exercising for a few weeks. So a strength exercise is added: strong "
    "muscles support your back.",
)
_ORIGIN_DISLIKED = Text(
    nl="U gaf aan dat de oefening '{old}' te pijnlijk was en de dag erna niet beter. Daarom "
    "krijgt u een makkelijkere oefening van dezelfde soort.",
    en="You said the exercise '{old}' was too painful and not better the next day. So you "
    "get an easier exercise of the same kind.",
)
_ORIGIN_THERAPIST = Text(
    nl="Uw therapeut heeft deze oefening voor u gekozen.",
    en="Your therapist chose this exercise for you.",
)
_CHANGE_MORE = Text(
    nl="Het oefenen ging vorige week goed. Daarom doet u nu iets meer.",
    en="Exercising went well last week, so you now do a little more.",
)
_CHANGE_LEVEL_UP = Text(
    nl="Het oefenen ging vorige week goed. Daarom gaat u door naar de volgende, iets "
    "moeilijkere oefening.",
    en="Exercising went well last week, so you move on to the next, slightly harder exercise.",
)
_CHANGE_AT_TOP = Text(
    nl="Het oefenen ging vorige week goed. U doet deze oefening al zo zwaar als hij gaat in "
    "uw programma. Houd dit vol.",
    en="Exercising went well last week. You already do this exercise as hard as your "
    "programme goes. Keep it up.",
)
_CHANGE_HOLD = Text(
    nl="U doet deze oefening net als vorige week.",
    en="You do this exercise the same as last week.",
)
_CHANGE_LIGHTER = Text(
    nl="Na de opstoot doet u deze oefening een stap lichter. Stop niet helemaal: rustig "
    "blijven oefenen helpt.",
    en="After the flare-up you do this exercise one step lighter. Do not stop completely: "
    "gentle exercise helps.",
)
_CHANGE_EASIER_LEVEL = Text(
    nl="Na de opstoot doet u een makkelijkere versie van deze oefening. Stop niet helemaal: "
    "rustig blijven oefenen helpt.",
    en="After the flare-up you do an easier version of this exercise. Do not stop "
    "completely: gentle exercise helps.",
)
_CHANGE_LIGHTEST = Text(
    nl="Na de opstoot doet u deze oefening zo licht als hij gaat. Stop niet helemaal: rustig "
    "blijven oefenen helpt.",
    en="After the flare-up you do this exercise as lightly as it goes. Do not stop "
    "completely: gentle exercise helps.",
)
_MODE_TIME_CONTINGENT = Text(
    nl="Doe dit op {days} dagen per week: {dose}. Dit is een vaste hoeveelheid: stop als u "
    "die gedaan hebt. Stop niet eerder door pijn, en doe niet meer als het goed gaat.",
    en="Do this on {days} days a week: {dose}. This is a fixed amount: stop when you have "
    "done it. Do not stop earlier because of pain, and do not do more when it goes well.",
)
_MODE_PAIN_GUIDED = Text(
    nl="Doe dit op {days} dagen per week: {dose}. Wat pijn tijdens het oefenen mag; dat doet "
    "geen schade. Wordt de pijn daarna veel erger, doe dan wat minder.",
    en="Do this on {days} days a week: {dose}. Some pain while exercising is allowed; it "
    "does no harm. If the pain gets much worse afterwards, do a little less.",
)
_NOTE_NERVE_DROPPED = Text(
    nl="De oefening '{old}' is alleen voor pijn die uitstraalt in het been. Die past nu niet "
    "meer bij u en is uit uw plan gehaald.",
    en="The exercise '{old}' is only for pain that spreads into the leg. It no longer fits "
    "you and has been taken out of your plan.",
)
_NOTE_NO_EASIER = Text(
    nl="U gaf aan dat de oefening '{old}' te pijnlijk was en de dag erna niet beter. Er is "
    "geen makkelijkere oefening van dezelfde soort, dus hij is uit uw plan gehaald.",
    en="You said the exercise '{old}' was too painful and not better the next day. There is "
    "no easier exercise of the same kind, so it has been taken out of your plan.",
)
_NOTE_NO_LONGER_FITS = Text(
    nl="De oefening '{old}' past niet meer bij uw klachten en is vervangen.",
    en="The exercise '{old}' no longer suits your back pain and has been replaced.",
)
_NOTE_PREGNANT = Text(
    nl="U bent zwanger. Daarom zijn er geen oefeningen waarbij u op uw buik ligt of uw rug "
    "naar achteren buigt.",
    en="You are pregnant. So there are no exercises lying on your belly or bending your back "
    "backwards.",
)
_NOTE_PREGNANT_SUPINE = Text(
    nl="Ook zijn er geen oefeningen waarbij u lang op uw rug ligt. Dat is na week 16 van de "
    "zwangerschap niet goed.",
    en="There are also no exercises lying on your back for long. That is not good after week "
    "16 of pregnancy.",
)
_NOTE_PREGNANT_SUPINE_LATER = Text(
    nl="Na week 16 van de zwangerschap komen er ook geen oefeningen meer waarbij u lang op "
    "uw rug ligt.",
    en="After week 16 of pregnancy there will also be no more exercises lying on your back "
    "for long.",
)
_NOTE_STENOSIS = Text(
    nl="Bij uw klachten past het niet om uw rug naar achteren te buigen. Daarom zijn die "
    "oefeningen niet in uw plan.",
    en="Bending your back backwards does not suit your symptoms. So those exercises are not "
    "in your plan.",
)
_NOTE_EXCLUDED = Text(
    nl="De oefening '{old}' is uit uw plan gehaald. {why}",
    en="The exercise '{old}' has been taken out of your plan. {why}",
)
_WHY = {
    RULE_PREGNANT_PRONE: Text(
        nl="U bent zwanger, en dan is op uw buik liggen niet goed.",
        en="You are pregnant, and then lying on your belly is not good.",
    ),
    RULE_PREGNANT_SUPINE: Text(
        nl="U bent zwanger, en na week 16 is lang op uw rug liggen niet goed.",
        en="You are pregnant, and after week 16 lying on your back for long is not good.",
    ),
    RULE_PREGNANT_EXTENSION: Text(
        nl="U bent zwanger, en dan is uw rug naar achteren buigen niet goed.",
        en="You are pregnant, and then bending your back backwards is not good.",
    ),
    RULE_STENOSIS_EXTENSION: Text(
        nl="Bij uw klachten past het niet om uw rug naar achteren te buigen.",
        en="Bending your back backwards does not suit your symptoms.",
    ),
    RULE_EXTENSION_ONLY_IF_EASES: Text(
        nl="Deze oefening is alleen voor mensen bij wie achterover buigen de pijn minder maakt.",
        en="This exercise is only for people whose pain eases when they bend backwards.",
    ),
}
_ORIGIN_EXTENSION = Text(
    nl="U gaf aan dat uw pijn minder wordt als u uw rug naar achteren buigt. Daarom staat "
    "deze oefening in uw plan. Wordt de pijn in uw been erger of zakt hij verder uw been in? "
    "Stop dan en vertel het uw therapeut.",
    en="You told us your pain eases when you bend your back backwards. So this exercise is "
    "in your plan. If the pain in your leg gets worse or spreads further down your leg, stop "
    "and tell your therapist.",
)
_NOTE_HIGH_PAIN = Text(
    nl="U hebt nu veel pijn. Daarom begint u met rustige losmaak- en ontspanningsoefeningen "
    "en met wandelen. Krachtoefeningen komen vanaf week {week}.",
    en="You have a lot of pain now. So you start with gentle mobility and relaxation "
    "exercises and with walking. Strength exercises follow from week {week}.",
)


@dataclass(frozen=True)
class Exclusion:
    """Why an exercise may not be offered to this patient: the rule and its patient text."""

    rule: str
    reason: Text


def exclusion(exercise: Exercise, profile: Profile) -> Exclusion | None:
    """The safety rule that excludes this exercise for this patient, or None.

    Checked in this order, so the first reason is the strongest (programme.md §2 revision
    2): extension with pregnancy or the STENOSIS flag, prone or supine in pregnancy, then
    extension that does not (or not known to) ease the pain.
    """
    pregnant = "pregnant" in profile.tags
    rule: str | None = None
    if exercise.direction == "extension" and pregnant:
        rule = RULE_PREGNANT_EXTENSION
    elif exercise.direction == "extension" and "stenosis" in profile.tags:
        rule = RULE_STENOSIS_EXTENSION
    elif pregnant and exercise.position == "prone":
        rule = RULE_PREGNANT_PRONE
    elif pregnant and exercise.position == "supine" and not _before_supine_limit(profile):
        rule = RULE_PREGNANT_SUPINE
    elif exercise.direction == "extension" and profile.extension_eases_pain is not True:
        # Not asked (None) is not "yes": the exercise is not offered.
        rule = RULE_EXTENSION_ONLY_IF_EASES
    return None if rule is None else Exclusion(rule, _WHY[rule])


def _before_supine_limit(profile: Profile) -> bool:
    """Week 16 of the pregnancy or earlier; an unknown week counts as later (conservative)."""
    week = profile.pregnancy_week
    return week is not None and week <= PREGNANCY_SUPINE_LAST_WEEK


def profile_notes(profile: Profile, language: str) -> tuple[Note, ...]:
    """The plan's lines that tell patient and therapist the programme is adapted."""
    notes: list[Note] = []
    if "pregnant" in profile.tags:
        notes.append(Note(_NOTE_PREGNANT.get(language), RULE_PREGNANT_PRONE))
        if _before_supine_limit(profile):
            notes.append(Note(_NOTE_PREGNANT_SUPINE_LATER.get(language), RULE_PREGNANT_SUPINE))
        else:
            notes.append(Note(_NOTE_PREGNANT_SUPINE.get(language), RULE_PREGNANT_SUPINE))
    if "stenosis" in profile.tags:
        notes.append(Note(_NOTE_STENOSIS.get(language), RULE_STENOSIS_EXTENSION))
    return tuple(notes)


@dataclass(frozen=True)
class Context:
    """What every choice in one week depends on."""

    profile: Profile
    week: int
    decision: Decision
    settings: ProgrammeSettings
    time_contingent: bool
    language: str
    strength_ever_planned: bool

    @property
    def high_pain(self) -> bool:
        # programme.md §4: acute with high pain (NPRS >= 7), the intake score.
        return (
            self.profile.duration_class == "acute"
            and self.profile.nprs >= self.settings.high_pain_nprs
        )

    @property
    def strength_deferred(self) -> bool:
        return self.high_pain and self.week < self.settings.strength_from_week

    def excluded(self, exercise: Exercise) -> Exclusion | None:
        return exclusion(exercise, self.profile)

    def fits(self, exercise: Exercise) -> bool:
        """Allowed for this patient now, leaving dislikes aside."""
        if not exercise.allowed_for(self.profile.pain_type):
            return False
        if self.excluded(exercise) is not None:
            return False
        if self.profile.duration_class not in exercise.phases:
            return False
        if not set(exercise.equipment) <= set(self.settings.home_equipment):
            return False
        if self.strength_deferred:
            return exercise.suitable_high_pain and exercise.category != "strength"
        return True

    def allowed(self, exercise: Exercise) -> bool:
        return self.fits(exercise) and exercise.id not in self.profile.disliked_exercises

    def category_allowed(self, category: Category) -> bool:
        if category == "nerve_gliding" and self.profile.pain_type != "radicular":
            return False
        return not (category == "strength" and self.strength_deferred)

    def fill_order(self) -> tuple[Category, ...]:
        if self.strength_deferred:
            return self.settings.fill_order_high_pain
        return {
            "acute": self.settings.fill_order_acute,
            "subacute": self.settings.fill_order_subacute,
            "chronic": self.settings.fill_order_chronic,
        }[self.profile.duration_class]


@dataclass
class _Entry:
    """An exercise of the plan being built."""

    exercise: Exercise
    step: int | None
    custom: DosageStep | None = None
    days_per_week: int = 5
    set_by: SetBy = "engine"
    origin: str = ""
    change: str = ""
    rules: list[str] = field(default_factory=list)

    @property
    def dosage(self) -> DosageStep:
        if self.step is not None:
            return self.exercise.dosage[self.step]
        assert self.custom is not None
        return self.custom


def _starting_level(chain_id: str, context: Context) -> Exercise | None:
    """The easiest level of a chain this patient may start on; None when that one is disliked."""
    for exercise in chain(chain_id):
        if context.fits(exercise):
            return None if exercise.id in context.profile.disliked_exercises else exercise
    return None


def _pick(category: Category, entries: Sequence[_Entry], context: Context) -> Exercise | None:
    """The first chain of the category (library order) not yet in the plan, at its start."""
    if not context.category_allowed(category):
        return None
    used = {entry.exercise.chain for entry in entries}
    for chain_id in chain_ids():
        members = chain(chain_id)
        if members[0].category != category or chain_id in used or chain_id == WALKING_CHAIN:
            continue
        start = _starting_level(chain_id, context)
        if start is not None:
            return start
    return None


def _new_entry(exercise: Exercise, origin: str, rules: Iterable[str], context: Context) -> _Entry:
    return _Entry(
        exercise=exercise,
        step=0,
        days_per_week=context.settings.exercise_days_per_week,
        origin=origin,
        rules=list(rules),
    )


def _core_category(entries: Sequence[_Entry], context: Context) -> Category | None:
    """Motor control or strength for the "at least one" rule: preference, then phase."""
    preferred = [c for c in context.profile.preferences if c in CORE_CATEGORIES]
    default: tuple[Category, ...] = (
        ("strength", "motor_control")
        if context.profile.duration_class == "chronic"
        else ("motor_control", "strength")
    )
    for category in (*preferred, *default):
        if _pick(category, entries, context) is not None:
            return category
    return None


def _add(
    entries: list[_Entry], category: Category, origin: Text, rules: list[str], context: Context
) -> bool:
    exercise = _pick(category, entries, context)
    if exercise is None:
        return False
    words = CATEGORY_WORDS[category].get(context.language)
    if category in context.profile.preferences:
        text = _ORIGIN_PREFERENCE.get(context.language).format(category=words)
        if RULE_PREFERENCE not in rules:
            rules = [*rules, RULE_PREFERENCE]
    else:
        text = origin.get(context.language)
    entries.append(_new_entry(exercise, text, rules, context))
    return True


def _fill_origin(context: Context) -> Text:
    return _ORIGIN_HIGH_PAIN if context.strength_deferred else _ORIGIN_FILL


def _fill_rules(context: Context) -> list[str]:
    return [RULE_FILL, RULE_HIGH_PAIN] if context.strength_deferred else [RULE_FILL]


def _extension_start(context: Context) -> Exercise | None:
    """When extension eases the pain: the easiest allowed extension exercise."""
    if context.profile.extension_eases_pain is not True:
        return None
    for chain_id in chain_ids():
        members = chain(chain_id)
        if members[0].direction == "extension" and context.category_allowed(members[0].category):
            start = _starting_level(chain_id, context)
            if start is not None:
                return start
    return None


def _first_selection(context: Context) -> list[_Entry]:
    entries: list[_Entry] = []
    extension = _extension_start(context)
    if extension is not None and extension.category == "mobility":
        origin = _ORIGIN_EXTENSION.get(context.language)
        rules = [RULE_MOBILITY, RULE_EXTENSION_EASES]
        entries.append(_new_entry(extension, origin, rules, context))
    else:
        _add(entries, "mobility", _ORIGIN_MOBILITY, [RULE_MOBILITY], context)
    core = _core_category(entries, context)
    if core is not None:
        _add(entries, core, _ORIGIN_CORE[core], [RULE_CORE], context)
    if context.profile.pain_type == "radicular":
        _add(entries, "nerve_gliding", _ORIGIN_NERVE, [RULE_RADICULAR], context)
    present = {entry.exercise.category for entry in entries}
    more_preferred = [
        c for c in context.profile.preferences if c not in present and _pick(c, entries, context)
    ]
    target = min(
        max(context.settings.target_exercises, len(entries) + len(more_preferred)), MAX_EXERCISES
    )
    for category in context.profile.preferences:
        if len(entries) >= MAX_EXERCISES:
            break
        if not any(entry.exercise.category == category for entry in entries):
            _add(entries, category, _ORIGIN_FILL, [RULE_PREFERENCE], context)
    for category in context.fill_order():
        if len(entries) >= target:
            break
        if not any(entry.exercise.category == category for entry in entries):
            _add(entries, category, _fill_origin(context), _fill_rules(context), context)
    _fill_to_minimum(entries, context)
    return entries


def _fill_to_minimum(entries: list[_Entry], context: Context) -> None:
    """Up to 3 exercises, a second chain of a category when the categories run out."""
    for category in (*context.fill_order(), *context.fill_order()):
        if len(entries) >= MIN_EXERCISES:
            return
        _add(entries, category, _fill_origin(context), _fill_rules(context), context)


def _entry_from_plan(planned: PlannedExercise) -> _Entry:
    step = planned.step
    return _Entry(
        exercise=planned.exercise,
        step=step,
        custom=None if step is not None else planned.dosage,
        days_per_week=planned.days_per_week,
        set_by=planned.set_by,
    )


def _step_up(entry: _Entry, context: Context, taken: set[str]) -> Text:
    exercise = entry.exercise
    if entry.step is None:
        assert entry.custom is not None
        volume = entry.custom.volume
        higher = [i for i, step in enumerate(exercise.dosage) if step.volume > volume]
        if higher:
            entry.step, entry.custom = higher[0], None
            return _CHANGE_MORE
        dose = step_up(Dose(exercise.id, len(exercise.dosage) - 1))
    else:
        dose = step_up(Dose(exercise.id, entry.step))
        if dose.exercise_id == exercise.id and dose.step != entry.step:
            entry.step = dose.step
            return _CHANGE_MORE
    if dose.exercise_id == exercise.id:
        return _CHANGE_AT_TOP
    harder = get_exercise(dose.exercise_id)
    if not context.allowed(harder) or harder.id in taken:
        # The next level is not for this patient (phase, disliked, deferred): stay.
        return _CHANGE_AT_TOP
    entry.exercise, entry.step, entry.custom = harder, dose.step, None
    return _CHANGE_LEVEL_UP


def _step_down(entry: _Entry, context: Context, taken: set[str]) -> Text:
    exercise = entry.exercise
    if entry.step is None:
        assert entry.custom is not None
        volume = entry.custom.volume
        lower = [i for i, step in enumerate(exercise.dosage) if step.volume < volume]
        if lower:
            entry.step, entry.custom = lower[-1], None
            return _CHANGE_LIGHTER
        dose = step_down(Dose(exercise.id, 0))
    else:
        dose = step_down(Dose(exercise.id, entry.step))
        if dose.exercise_id == exercise.id and dose.step != entry.step:
            entry.step = dose.step
            return _CHANGE_LIGHTER
    if dose.exercise_id == exercise.id:
        return _CHANGE_LIGHTEST
    easier = get_exercise(dose.exercise_id)
    if (
        easier.id in context.profile.disliked_exercises
        or easier.id in taken
        or context.excluded(easier) is not None
    ):
        return _CHANGE_LIGHTEST
    entry.exercise, entry.step, entry.custom = easier, dose.step, None
    return _CHANGE_EASIER_LEVEL


def _apply_decision(entry: _Entry, context: Context, taken: set[str]) -> None:
    if context.decision == "progress":
        change, rule = _step_up(entry, context, taken), RULE_PROGRESS
    elif context.decision == "step_back":
        change, rule = _step_down(entry, context, taken), RULE_STEP_BACK
    else:
        change = _CHANGE_HOLD
        rule = RULE_LOW_ADHERENCE if context.decision == "hold_low_adherence" else RULE_HOLD
    entry.change = change.get(context.language)
    entry.rules.append(rule)


def _easier_replacement(
    disliked: Exercise, entries: Sequence[_Entry], context: Context
) -> Exercise | None:
    """A lower allowed level of the same chain, else another chain of the same category."""
    taken = {entry.exercise.id for entry in entries}
    for exercise in reversed(chain(disliked.chain)[: disliked.level - 1]):
        if context.allowed(exercise) and exercise.id not in taken:
            return exercise
    return _pick(disliked.category, entries, context)


def _carry(previous: WeeklyPlan, context: Context, notes: list[Note]) -> list[_Entry]:
    language = context.language
    slots: list[_Entry | PlannedExercise] = []
    for planned in previous.exercises:
        exercise = planned.exercise
        name = exercise.name.get(language)
        excluded = context.excluded(exercise)
        if not exercise.allowed_for(context.profile.pain_type):
            text = _NOTE_NERVE_DROPPED.get(language).format(old=name)
            notes.append(Note(text, RULE_NERVE_ONLY_RADICULAR))
        elif excluded is not None:
            why = excluded.reason.get(language)
            text = _NOTE_EXCLUDED.get(language).format(old=name, why=why)
            notes.append(Note(text, excluded.rule))
        elif exercise.id in context.profile.disliked_exercises:
            slots.append(planned)
        elif planned.set_by == "engine" and not context.fits(exercise):
            text = _NOTE_NO_LONGER_FITS.get(language).format(old=name)
            notes.append(Note(text, RULE_FILL))
        else:
            slots.append(_entry_from_plan(planned))
    kept = [slot for slot in slots if isinstance(slot, _Entry)]
    for entry in kept:
        taken = {other.exercise.id for other in kept if other is not entry}
        _apply_decision(entry, context, taken)
        if entry.set_by == "therapist":
            entry.origin = _ORIGIN_THERAPIST.get(language)
            entry.rules.insert(0, RULE_THERAPIST)
    entries: list[_Entry] = []
    for index, slot in enumerate(slots):
        if isinstance(slot, _Entry):
            entries.append(slot)
            continue
        later = [other for other in slots[index + 1 :] if isinstance(other, _Entry)]
        easier = _easier_replacement(slot.exercise, [*entries, *later], context)
        name = slot.exercise.name.get(language)
        if easier is None:
            notes.append(Note(_NOTE_NO_EASIER.get(language).format(old=name), RULE_DISLIKED))
            continue
        origin = _ORIGIN_DISLIKED.get(language).format(old=name)
        entries.append(_new_entry(easier, origin, [RULE_DISLIKED], context))
    return entries


REQUIRED_GROUPS: tuple[frozenset[str], ...] = (frozenset({"mobility"}), frozenset(CORE_CATEGORIES))


def _removable(entries: Sequence[_Entry]) -> _Entry | None:
    """The last engine exercise whose removal leaves every rule of §4 it now meets met."""
    present = {entry.exercise.category for entry in entries}
    for entry in reversed(entries):
        if entry.set_by != "engine":
            continue
        rest = {other.exercise.category for other in entries if other is not entry}
        if all(rest & group for group in REQUIRED_GROUPS if present & group):
            return entry
    return None


def _make_room(entries: list[_Entry]) -> bool:
    if len(entries) < MAX_EXERCISES:
        return True
    victim = _removable(entries)
    if victim is None:
        return False
    entries.remove(victim)
    return True


def _ensure_required(entries: list[_Entry], context: Context) -> None:
    """Every plan: at least one mobility and one motor-control or strength exercise (§4)."""
    categories = {entry.exercise.category for entry in entries}
    if "mobility" not in categories and _pick("mobility", entries, context) and _make_room(entries):
        _add(entries, "mobility", _ORIGIN_MOBILITY, [RULE_MOBILITY], context)
    if not categories & set(CORE_CATEGORIES):
        core = _core_category(entries, context)
        if core is not None and _make_room(entries):
            _add(entries, core, _ORIGIN_CORE[core], [RULE_CORE], context)


def _add_strength_after_high_pain(entries: list[_Entry], context: Context) -> None:
    if not (context.high_pain and not context.strength_deferred):
        return
    if context.strength_ever_planned or context.decision not in ("progress", "hold"):
        return
    if len(entries) < MAX_EXERCISES:
        _add(entries, "strength", _ORIGIN_STRENGTH_ADDED, [RULE_HIGH_PAIN], context)


def _planned(entry: _Entry, context: Context) -> PlannedExercise:
    dosage = entry.dosage
    mode = _MODE_TIME_CONTINGENT if context.time_contingent else _MODE_PAIN_GUIDED
    mode_text = mode.get(context.language).format(
        dose=dosage.label(context.language, per_side=entry.exercise.per_side),
        days=entry.days_per_week,
    )
    rules = [*entry.rules, RULE_TIME_CONTINGENT if context.time_contingent else RULE_PAIN_GUIDED]
    reason = " ".join(part for part in (entry.origin, entry.change, mode_text) if part)
    return PlannedExercise(
        id=entry.exercise.id,
        sets=dosage.sets,
        reps=dosage.reps,
        hold_seconds=dosage.hold_seconds,
        minutes=dosage.minutes,
        days_per_week=entry.days_per_week,
        reason=reason,
        rule="; ".join(rules),
        set_by=entry.set_by,
    )


def select_exercises(
    previous: WeeklyPlan | None, context: Context
) -> tuple[tuple[PlannedExercise, ...], tuple[Note, ...]]:
    """The week's exercises and the notes that explain removals and deferrals."""
    notes: list[Note] = list(profile_notes(context.profile, context.language))
    if previous is None:
        entries = _first_selection(context)
    else:
        entries = _carry(previous, context, notes)
        _ensure_required(entries, context)
        _add_strength_after_high_pain(entries, context)
        _fill_to_minimum(entries, context)
    if context.strength_deferred:
        text = _NOTE_HIGH_PAIN.get(context.language).format(
            week=context.settings.strength_from_week
        )
        notes.append(Note(text, RULE_HIGH_PAIN))
    return tuple(_planned(entry, context) for entry in entries), tuple(notes)
