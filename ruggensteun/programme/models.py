"""The self-management programme as stored: a patient's programme, its weekly plans, the
therapist's changes, and what the patient tells us (day logs, exercise feedback,
preferences, fear ratings).

The plans themselves come from the clinical core (``ruggensteun.clinical.programme``): a
``WeeklyPlan`` row keeps the engine's plan as JSON (``plan_to_dict``) and reads it back
with ``plan_from_dict``. No clinical rule lives here.
"""

from collections.abc import Iterable
from datetime import date, timedelta
from functools import cached_property
from typing import Any

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ruggensteun.clinical.programme import plan_io
from ruggensteun.clinical.programme.exercises import CATEGORIES
from ruggensteun.clinical.programme.settings import ProgrammeSettings, settings_from_dict

DAYS_PER_WEEK = 7


class PracticeProgrammeSettings(models.Model):
    """A practice's own values for the design numbers [D] of programme.md §4-§6.

    ``values`` holds only what the practice changed; everything else is the engine's
    default. The engine checks the values (``settings_from_dict``).
    """

    practice = models.OneToOneField(
        "accounts.Practice", on_delete=models.CASCADE, related_name="programme_settings"
    )
    values = models.JSONField(default=dict, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    def __str__(self) -> str:
        return f"Programme settings of {self.practice}"

    @property
    def engine_settings(self) -> ProgrammeSettings:
        return settings_from_dict(self.values)

    @classmethod
    def values_for(cls, practice: Any) -> dict[str, Any]:
        row = cls.objects.filter(practice=practice).first()
        return dict(row.values) if row is not None else {}


class ProgrammeQuerySet(models.QuerySet):
    def running(self) -> "ProgrammeQuerySet":
        """Programmes that have not ended (active or paused)."""
        return self.exclude(status=Programme.Status.ENDED)

    def active(self) -> "ProgrammeQuerySet":
        return self.filter(status=Programme.Status.ACTIVE)

    def current_for(self, patient: Any) -> "Programme | None":
        return self.running().filter(patient=patient).select_related("started_by").first()

    def awaiting_approval(self) -> "ProgrammeQuerySet":
        """Programmes with a proposed week that waits for the therapist."""
        return self.running().filter(plans__status=WeeklyPlan.Status.PROPOSED).distinct()

    def with_latest_decisions(self, weeks: int = 2) -> "ProgrammeQuerySet":
        """Annotate ``decision_1`` (the newest week's decision) ... ``decision_<weeks>``."""
        annotations = {
            f"decision_{n}": Subquery(
                WeeklyPlan.objects.filter(programme=OuterRef("pk"))
                .order_by("-week")
                .values("decision")[n - 1 : n]
            )
            for n in range(1, weeks + 1)
        }
        return self.annotate(**annotations)

    def low_adherence(self, weeks: int = 2) -> "ProgrammeQuerySet":
        """Running programmes whose newest ``weeks`` plans all held for low adherence
        (the engine's ``hold_low_adherence``: "tell the therapist", programme.md §5)."""
        low = WeeklyPlan.Decision.HOLD_LOW_ADHERENCE
        return (
            self.running()
            .with_latest_decisions(weeks)
            .filter(**{f"decision_{n}": low for n in range(1, weeks + 1)})
        )


class Programme(models.Model):
    """One patient's self-management programme: started by a therapist, week by week."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("loopt")
        PAUSED = "paused", _("gepauzeerd")
        ENDED = "ended", _("beëindigd")

    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.CASCADE, related_name="programmes"
    )
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.ACTIVE)
    started_at = models.DateTimeField(default=timezone.now)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    approve_each_week = models.BooleanField(
        _("elke week goedkeuren"),
        default=False,
        help_text=_(
            "Een nieuwe week start pas als u hem hebt goedgekeurd. Anders start hij vanzelf."
        ),
    )
    ended_at = models.DateTimeField(null=True, blank=True)
    # The patient marked Today's "Uw programma is gestart" as read (programme/start_notice.py).
    start_notice_read_at = models.DateTimeField(null=True, blank=True)

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["patient"],
                condition=~Q(status="ended"),
                name="one_running_programme_per_patient",
            )
        ]

    def __str__(self) -> str:
        return f"Programme of {self.patient} ({self.status})"

    @property
    def is_running(self) -> bool:
        return self.status != self.Status.ENDED


class WeeklyPlanQuerySet(models.QuerySet):
    def of_patient(self, patient: Any) -> "WeeklyPlanQuerySet":
        return self.filter(programme__patient=patient).select_related("programme__patient")

    def current_for(self, patient: Any) -> "WeeklyPlan | None":
        """The week in force for the patient's running programme."""
        return (
            self.filter(
                programme__patient=patient,
                status=WeeklyPlan.Status.ACTIVE,
            )
            .exclude(programme__status=Programme.Status.ENDED)
            .select_related("programme")
            .order_by("-week")
            .first()
        )

    def awaiting_approval(self) -> "WeeklyPlanQuerySet":
        return self.filter(status=WeeklyPlan.Status.PROPOSED).exclude(
            programme__status=Programme.Status.ENDED
        )

    def history(self) -> "WeeklyPlanQuerySet":
        """The weeks a patient followed (or follows): not the ones still waiting."""
        return self.exclude(status=WeeklyPlan.Status.PROPOSED).order_by("week")


class WeeklyPlan(models.Model):
    """One week of a programme: the engine's plan as JSON, with the therapist's changes
    written into it (``"set_by": "therapist"``, see ``changes.py``).

    A week covers ``starts_on`` and the 6 days after it. ``active`` is the week in force;
    when the next week starts it becomes ``superseded`` (kept as history). A ``proposed``
    week waits for the therapist's approval.
    """

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("wacht op goedkeuring")
        ACTIVE = "active", _("deze week")
        SUPERSEDED = "superseded", _("afgelopen")

    class Decision(models.TextChoices):
        START = "start", _("start")
        PROGRESS = "progress", _("vooruit")
        HOLD = "hold", _("gelijk")
        HOLD_LOW_ADHERENCE = "hold_low_adherence", _("gelijk, weinig gedaan")
        STEP_BACK = "step_back", _("stap terug")

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="plans")
    week = models.PositiveSmallIntegerField()
    starts_on = models.DateField()
    status = models.CharField(max_length=12, choices=Status.choices)
    plan = models.JSONField()
    # Copied from the plan for queries (the caseload asks for them).
    decision = models.CharField(max_length=20, choices=Decision.choices)
    notify_therapist = models.BooleanField(default=False)
    # The practice's setting overrides the engine used, for the record.
    settings_used = models.JSONField(default=dict, blank=True)
    proposed_at = models.DateTimeField(default=timezone.now)
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = WeeklyPlanQuerySet.as_manager()

    class Meta:
        ordering = ["programme", "week"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "week"], name="one_plan_per_week"),
            models.UniqueConstraint(
                fields=["programme"],
                condition=Q(status="active"),
                name="one_active_week_per_programme",
            ),
        ]

    def __str__(self) -> str:
        return f"Week {self.week} of {self.programme.patient} ({self.status})"

    @classmethod
    def from_engine(
        cls,
        programme: Programme,
        plan: plan_io.WeeklyPlan,
        *,
        starts_on: date,
        status: str,
        settings_used: dict[str, Any],
    ) -> "WeeklyPlan":
        """An unsaved row for a plan the engine proposed."""
        return cls(
            programme=programme,
            week=plan.week,
            starts_on=starts_on,
            status=status,
            plan=plan_io.plan_to_dict(plan),
            decision=plan.decision,
            notify_therapist=plan.notify_therapist,
            settings_used=settings_used,
        )

    @cached_property
    def engine_plan(self) -> plan_io.WeeklyPlan:
        """The stored plan as the core's object (checked on reading)."""
        return plan_io.plan_from_dict(self.plan)

    def replace_plan(self, data: dict[str, Any]) -> None:
        """Store a changed plan; it must still be a valid plan for the core."""
        checked = plan_io.plan_from_dict(data)
        self.plan = plan_io.plan_to_dict(checked)
        self.__dict__.pop("engine_plan", None)

    @property
    def ends_on(self) -> date:
        """The last day of the week."""
        return self.starts_on + timedelta(days=DAYS_PER_WEEK - 1)

    def has_ended(self, today: date) -> bool:
        return today > self.ends_on

    def day_number(self, day: date) -> int | None:
        """1-7 for a day of this week, None outside it."""
        number = (day - self.starts_on).days + 1
        return number if 1 <= number <= DAYS_PER_WEEK else None

    @property
    def is_editable(self) -> bool:
        return self.status in (self.Status.ACTIVE, self.Status.PROPOSED)

    @property
    def started_by_itself(self) -> bool:
        return self.status != self.Status.PROPOSED and self.approved_by_id is None


class PlanChange(models.Model):
    """A therapist's change to a week's plan, with the reason kept (programme.md §4)."""

    class Kind(models.TextChoices):
        SWAP = "swap", _("oefening gewisseld")
        DOSAGE = "dosage", _("dosering aangepast")
        WALKING = "walking", _("wandeldoel aangepast")
        # The patient's own goal (a PSK activity): ``after`` / ``before`` hold the goal.
        GOAL_ADD = "goal_add", _("doel van de patiënt overgenomen")
        GOAL_END = "goal_end", _("doel van de patiënt verwijderd")

    plan = models.ForeignKey(WeeklyPlan, on_delete=models.CASCADE, related_name="changes")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    exercise_id = models.CharField(max_length=64, blank=True)
    new_exercise_id = models.CharField(max_length=64, blank=True)
    before = models.JSONField(default=dict)
    after = models.JSONField(default=dict)
    reason = models.TextField()
    changed_at = models.DateTimeField(default=timezone.now)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-changed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.kind} in {self.plan}"


class DayLogManager(models.Manager["DayLog"]):
    def lock(self, patient: Any) -> None:
        """Hold the patient's day logs for the rest of the transaction.

        Every writer of a patient's day logs (a tick, a check-in) calls this first, so a
        writer never decides from rows another is about to change: a tick and a check-in at
        the same moment on a day without a log made that day twice (issue #15). The lock is
        the patient's row (SQLite lets one writer in at a time anyway).
        """
        patients = self.model._meta.get_field("patient").related_model._base_manager
        list(patients.select_for_update().filter(pk=patient.pk).values_list("pk", flat=True))


class DayLog(models.Model):
    """What the patient did on one day, as the engine reads it (a ``CheckIn``).

    One row per patient per day; every value may be missing. The patient app fills it
    (issue 6); the weekly rollover reads it.
    """

    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.CASCADE, related_name="day_logs"
    )
    date = models.DateField()
    walking_minutes = models.PositiveSmallIntegerField(null=True, blank=True)
    exercise_sessions = models.PositiveSmallIntegerField(null=True, blank=True)
    pain = models.PositiveSmallIntegerField(null=True, blank=True)
    flare = models.BooleanField(null=True, blank=True)
    exposure_done = models.BooleanField(null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = DayLogManager()

    class Meta:
        ordering = ["patient", "date"]
        constraints = [
            models.UniqueConstraint(fields=["patient", "date"], name="one_day_log_per_day"),
            models.CheckConstraint(condition=Q(pain__lte=10), name="day_log_pain_0_10"),
            models.CheckConstraint(
                condition=Q(walking_minutes__lte=24 * 60), name="day_log_minutes_in_a_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.patient} on {self.date}"

    def checkin(self, day: int) -> plan_io.CheckIn:
        return plan_io.CheckIn(
            day=day,
            walking_minutes=self.walking_minutes,
            exercise_sessions=self.exercise_sessions,
            pain=self.pain,
            flare=self.flare,
            exposure_done=self.exposure_done,
        )


class ExerciseFeedbackQuerySet(models.QuerySet):
    def disliked_exercise_ids(self, patient: Any) -> frozenset[str]:
        """Exercises marked "too painful, and not better the next day" (programme.md §4)."""
        return self.disliked_exercise_ids_of([patient.pk]).get(patient.pk, frozenset())

    def disliked_exercise_ids_of(self, patient_ids: Iterable[int]) -> dict[int, frozenset[str]]:
        """``disliked_exercise_ids`` of each patient that has any, in one query."""
        disliked: dict[int, set[str]] = {}
        for patient_id, exercise_id in self.filter(
            patient_id__in=patient_ids,
            kind=ExerciseFeedback.Kind.TOO_PAINFUL,
            still_painful_next_day=True,
        ).values_list("patient", "exercise_id"):
            disliked.setdefault(patient_id, set()).add(exercise_id)
        return {patient_id: frozenset(ids) for patient_id, ids in disliked.items()}


class ExerciseFeedback(models.Model):
    """The patient's "too painful" or "too easy" for an exercise on a day."""

    class Kind(models.TextChoices):
        TOO_PAINFUL = "too_painful", _("te pijnlijk")
        TOO_EASY = "too_easy", _("te makkelijk")

    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.CASCADE, related_name="exercise_feedback"
    )
    exercise_id = models.CharField(max_length=64)
    date = models.DateField()
    kind = models.CharField(max_length=12, choices=Kind.choices)
    # Asked the next day after "too painful"; None until answered.
    still_painful_next_day = models.BooleanField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = ExerciseFeedbackQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.exercise_id} {self.kind} ({self.patient}, {self.date})"


class ExercisePreferenceQuerySet(models.QuerySet):
    def categories_for(self, patient: Any) -> tuple[str, ...]:
        """The liked categories, most liked first."""
        return self.categories_of([patient.pk]).get(patient.pk, ())

    def categories_of(self, patient_ids: Iterable[int]) -> dict[int, tuple[str, ...]]:
        """``categories_for`` of each patient that has any, in one query."""
        chosen: dict[int, list[str]] = {}
        for patient_id, category in (
            self.filter(patient_id__in=patient_ids)
            .order_by("patient", "rank", "category")
            .values_list("patient", "category")
        ):
            chosen.setdefault(patient_id, []).append(category)
        return {patient_id: tuple(categories) for patient_id, categories in chosen.items()}

    def replace(self, patient: Any, categories: list[str]) -> None:
        """The patient's liked categories, in the given order."""
        self.filter(patient=patient).delete()
        self.bulk_create(
            ExercisePreference(patient=patient, category=category, rank=rank)
            for rank, category in enumerate(categories)
        )


class ExercisePreference(models.Model):
    """A kind of exercise the patient likes (programme.md §4 preference)."""

    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.CASCADE, related_name="exercise_preferences"
    )
    category = models.CharField(max_length=16, choices=[(c, c) for c in CATEGORIES])
    rank = models.PositiveSmallIntegerField(default=0)

    objects = ExercisePreferenceQuerySet.as_manager()

    class Meta:
        ordering = ["patient", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["patient", "category"], name="one_preference_each")
        ]

    def __str__(self) -> str:
        return f"{self.patient} likes {self.category}"


class DirectionalPreference(models.Model):
    """Whether bending the back backwards (extension, e.g. lying on the belly propped on the
    elbows) eases the patient's pain, as the patient reports it (programme.md §2 revision 2:
    extension exercises only when they ease the pain). None: not answered, which the engine
    reads as "not known to ease"."""

    patient = models.OneToOneField(
        "patients.Patient", on_delete=models.CASCADE, related_name="directional_preference"
    )
    extension_eases_pain = models.BooleanField(null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.patient}: extension eases pain {self.extension_eases_pain}"

    @classmethod
    def extension_eases_pain_for(cls, patient: Any) -> bool | None:
        return cls.extension_eases_pain_of([patient.pk]).get(patient.pk)

    @classmethod
    def extension_eases_pain_of(cls, patient_ids: Iterable[int]) -> dict[int, bool | None]:
        """The answer of each patient who has one, in one query (not answered: absent)."""
        return dict(
            cls.objects.filter(patient_id__in=patient_ids).values_list(
                "patient", "extension_eases_pain"
            )
        )

    @classmethod
    def record(cls, patient: Any, eases: bool | None) -> bool:
        """Store the answer; True when it changed."""
        row, created = cls.objects.get_or_create(
            patient=patient, defaults={"extension_eases_pain": eases}
        )
        if created:
            return eases is not None
        if row.extension_eases_pain == eases:
            return False
        row.extension_eases_pain = eases
        row.updated_at = timezone.now()
        row.save(update_fields=["extension_eases_pain", "updated_at"])
        return True


class FearRatingQuerySet(models.QuerySet):
    def latest_for(self, patient: Any) -> dict[str, int]:
        """Each activity's newest rating (programme.md §6: a new rating replaces the old)."""
        return self.latest_of([patient.pk]).get(patient.pk, {})

    def latest_of(self, patient_ids: Iterable[int]) -> dict[int, dict[str, int]]:
        """``latest_for`` of each patient who rated anything, in one query."""
        latest: dict[int, dict[str, int]] = {}
        for patient_id, activity_id, rating in (
            self.filter(patient_id__in=patient_ids)
            .order_by("patient", "activity_id", "-rated_at", "-id")
            .values_list("patient", "activity_id", "rating")
        ):
            latest.setdefault(patient_id, {}).setdefault(activity_id, rating)
        return {patient_id: dict(sorted(ratings.items())) for patient_id, ratings in latest.items()}

    def record(self, patient: Any, ratings: dict[str, int]) -> list[str]:
        """Add the ratings that differ from the newest ones; the ids of those added."""
        current = self.latest_for(patient)
        now = timezone.now()
        new = {a: r for a, r in sorted(ratings.items()) if current.get(a) != r}
        self.bulk_create(
            FearRating(patient=patient, activity_id=a, rating=r, rated_at=now)
            for a, r in new.items()
        )
        return list(new)


class FearRating(models.Model):
    """How fearful an everyday activity feels to the patient, 0-100 (programme.md §6).

    Kept as history: rating again adds a row; the newest counts.
    """

    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.CASCADE, related_name="fear_ratings"
    )
    activity_id = models.CharField(max_length=64)
    rating = models.PositiveSmallIntegerField()
    rated_at = models.DateTimeField(default=timezone.now)

    objects = FearRatingQuerySet.as_manager()

    class Meta:
        ordering = ["-rated_at", "-id"]
        indexes = [models.Index(fields=["patient", "activity_id", "-rated_at"])]
        constraints = [
            models.CheckConstraint(condition=Q(rating__lte=100), name="fear_rating_0_100")
        ]

    def __str__(self) -> str:
        return f"{self.patient}: {self.activity_id} {self.rating}"


class FearRatingRequestQuerySet(models.QuerySet):
    def open(self) -> "FearRatingRequestQuerySet":
        return self.filter(answered_at__isnull=True)

    def open_for(self, patient: Any) -> "FearRatingRequest | None":
        return self.open().filter(patient=patient).first()

    def ask(self, patient: Any, reason: str, by: Any = None) -> tuple["FearRatingRequest", bool]:
        """Ask the patient for the fear ratings, unless a request is open already:
        (the open request, whether it is new)."""
        existing = self.open_for(patient)
        if existing is not None:
            return existing, False
        try:
            with transaction.atomic():
                return self.create(patient=patient, reason=reason, requested_by=by), True
        except IntegrityError:
            # Asked at the same moment (a double click): the other one stands.
            return self.open().get(patient=patient), False

    def answer(self, patient: Any) -> int:
        """The patient has answered: the open request closes. Returns the rows changed."""
        return self.open().filter(patient=patient).update(answered_at=timezone.now())


class FearRatingRequest(models.Model):
    """The patient is asked to rate the graded-exposure activities (programme.md §6): when
    the ``fear`` flag is raised (triage.md §4) or when the therapist asks again. Open until
    the patient answers; at most one open per patient."""

    class Reason(models.TextChoices):
        FEAR_FLAG = "fear_flag", _("angst voor bewegen bij de triage")
        THERAPIST = "therapist", _("opnieuw gevraagd door de therapeut")

    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.CASCADE, related_name="fear_rating_requests"
    )
    reason = models.CharField(max_length=12, choices=Reason.choices)
    requested_at = models.DateTimeField(default=timezone.now)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    objects = FearRatingRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["patient"],
                condition=Q(answered_at__isnull=True),
                name="one_open_fear_rating_request_per_patient",
            )
        ]

    def __str__(self) -> str:
        return f"Fear ratings asked of {self.patient} ({self.reason})"
