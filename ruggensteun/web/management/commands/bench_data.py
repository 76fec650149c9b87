"""Fill the database with benchmark practices: many patients with weeks of history.

    manage.py bench_data --practices 1 --patients 200 --weeks 26

Each practice has one therapist (demo password, demo TOTP secret) who treats all its
patients. The patients are made as the demo makes them (intake, questionnaires at their
schedule, triage, programme weeks proposed by the engine with day logs, ticks, check-ins,
session notes, some discharges; the demo's helpers in */demo.py), but the accounts and
records are created in bulk, a chunk of patients per transaction. The first patient of
every practice started ``--weeks`` weeks ago (the longest history); the others between 0
and ``--weeks`` weeks ago. ``--diary-share`` of the patients keep a pain diary over their
whole history.

At the end it prints one JSON object: the first practice's ``therapist`` and ``patient``
(the one with the longest history) and the ``urls`` benchmarks/pages.py measures.
"""

import json
import random
import time
from datetime import date, timedelta
from typing import Any

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.test.utils import override_settings
from django.urls import reverse
from django.utils import timezone

from ruggensteun.accounts.models import Invitation, Membership, Practice, User
from ruggensteun.accounts.two_factor.demo import ensure_demo_devices
from ruggensteun.diary import demo as diary_demo
from ruggensteun.diary.models import PainDiary
from ruggensteun.intake import demo as intake_demo
from ruggensteun.intake.models import Intake
from ruggensteun.mydata.models import PrivacyConsent
from ruggensteun.mydata.privacy import current as current_privacy
from ruggensteun.patients.models import Patient
from ruggensteun.programme import demo as programme_demo
from ruggensteun.questionnaires import demo as questionnaires_demo
from ruggensteun.today import demo as today_demo
from ruggensteun.web.management.commands import _bench_clone as clone
from ruggensteun.web.management.commands.demo import (
    _FEMALE,
    DEMO_PASSWORD,
    FIRST_NAMES,
    LAST_NAMES,
    WORK,
    demo_phone,
)
from ruggensteun.workspace import demo as workspace_demo

# Patients per transaction: the demo helpers read and write per chunk.
CHUNK = 250


def _name(seed: str, index: int) -> str:
    return f"Benchmark {seed} {index + 1}"


def _domain(seed: str, index: int) -> str:
    return f"bench-{seed}-{index + 1}.example".lower()


def _profile(rng: random.Random, number: int, weeks: int, longest: bool) -> dict[str, Any]:
    """A patient as demo.patient_profiles makes one, with a start up to ``weeks`` ago."""
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    age = rng.choice((19, 24, 29, 34, 38, 42, 45, 48, 51, 55, 58, 62, 67, 71, 76, 81))
    work_status, load = rng.choice(WORK)
    if age >= 67:
        work_status, load = "retired", "light"
    leg_pain = rng.choices(("none", "buttock_thigh", "below_knee"), weights=(5, 3, 2))[0]
    answers: dict[str, object] = {
        "duration_weeks": rng.choice((1, 2, 3, 5, 8, 10, 14, 26, 52)),
        "recurrent": rng.random() < 0.3,
        "leg_pain": leg_pain,
        # A mild start, so the triage lets most patients begin the programme.
        "nprs": rng.randint(3, 7),
        "recovery_expectation": rng.randint(4, 9),
        "work_status": work_status,
        "work_physical_load": load,
    }
    if leg_pain != "none":
        answers["leg_pain_sides"] = "one"
        answers["leg_pain_worse_than_back"] = False
        answers["leg_tingling_numbness"] = False
    return {
        "local": f"{first}.{last}.{number}".lower().replace(" ", ""),
        "name": f"{first} {last}",
        "age": age,
        "sex": "female" if first in _FEMALE else "male",
        "weeks_ago": weeks if longest else rng.randint(0, weeks),
        "answers": answers,
    }


class Command(BaseCommand):
    help = "Create benchmark practices with many patients and weeks of history (bulk)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--practices", type=int, default=1)
        parser.add_argument("--patients", type=int, default=200, help="per practice")
        parser.add_argument("--weeks", type=int, default=26, help="the longest history")
        parser.add_argument("--diary-share", type=float, default=0.1)
        parser.add_argument("--seed", default="ruggensteun-bench")
        parser.add_argument(
            "--made",
            type=int,
            default=4,
            help="practices made by the demo's helpers; the others are copies of these",
        )

    # The triage's alert mails for made-up red flags go nowhere.
    @override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend")
    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        seed = str(options["seed"])
        today = timezone.localdate()
        # One hash for every account: hashing 100,000 passwords would take hours.
        password = make_password(DEMO_PASSWORD)
        taken = Practice.objects.filter(name__startswith=f"Benchmark {seed} ").count()
        first: dict[str, Any] = {}
        templates: list[clone.Template] = []
        for index in range(taken, taken + int(options["practices"])):
            if len(templates) < max(1, int(options["made"])):
                made = self._practice(
                    index,
                    seed,
                    password,
                    today,
                    patients=int(options["patients"]),
                    weeks=int(options["weeks"]),
                    diary_share=float(options["diary_share"]),
                )
                first = first or made
                practice = Practice.objects.get(name=_name(seed, index))
                templates.append(clone.find(practice, _domain(seed, index)))
            else:
                with transaction.atomic():
                    clone.copy(
                        templates[index % len(templates)],
                        _name(seed, index),
                        _domain(seed, index),
                        suffix=f"-{seed}-{index + 1}",
                    )
            self.stderr.write(
                f"practice {index + 1}: {options['patients']} patients, "
                f"{time.monotonic() - started:.0f} s"
            )
        clone.reset_sequences()
        self.stdout.write(json.dumps(first, indent=2))

    def _practice(
        self,
        index: int,
        seed: str,
        password: str,
        today: date,
        *,
        patients: int,
        weeks: int,
        diary_share: float,
    ) -> dict[str, Any]:
        rng = random.Random(f"{seed}-{index}")
        domain = _domain(seed, index)
        with transaction.atomic():
            practice = Practice.objects.create(
                name=_name(seed, index),
                country="NL",
                phone="030-000 00 00",
                gp_phone="0900-000 00 00",
                alert_email=f"alarm@{domain}",
            )
            therapist = User.objects.create(
                email=f"therapeut@{domain}", password=password, full_name=f"Therapeut {index + 1}"
            )
            Membership.objects.create(
                user=therapist,
                practice=practice,
                role=Membership.Role.THERAPIST,
                is_clinical_lead=True,
            )
            ensure_demo_devices([therapist])
        profiles = [_profile(rng, n, weeks, n == 0) for n in range(patients)]
        longest: Patient | None = None
        for offset in range(0, patients, CHUNK):
            chunk = profiles[offset : offset + CHUNK]
            made = self._patients(practice, therapist, chunk, offset, password, today, rng)
            longest = longest or made[0]
            with transaction.atomic():
                questionnaires_demo.populate_demo(made, today)
                intake_demo.populate_demo(made)
                programme_demo.populate_demo(made, today)
                today_demo.populate_demo(made, today)
                diary_demo.populate_demo(made, today)
                self._diaries(made, today, rng, diary_share)
                workspace_demo.populate_demo(made, today)
        assert longest is not None
        return {
            "therapist": therapist.email,
            "patient": longest.user.email,
            "password": DEMO_PASSWORD,
            "urls": {
                "caseload": reverse("patients:caseload"),
                "patient_page": reverse("patients:detail", args=[longest.pk]),
                "today": reverse("web:patient_home"),
                "progress": reverse("mydata:progress"),
                "report_pdf": reverse("reports:pdf", args=[longest.pk, "voortgangsverslag"]),
                "outcome_csv": reverse("workspace:export_download"),
            },
        }

    @transaction.atomic
    def _patients(
        self,
        practice: Practice,
        therapist: User,
        profiles: list[dict[str, Any]],
        offset: int,
        password: str,
        today: date,
        rng: random.Random,
    ) -> list[Patient]:
        domain = therapist.email.split("@")[1]
        now = timezone.now()
        users = User.objects.bulk_create(
            User(
                email=f"{profile['local']}@{domain}",
                password=password,
                full_name=profile["name"],
                language="nl",
            )
            for profile in profiles
        )
        patients = []
        for number, (user, profile) in enumerate(zip(users, profiles, strict=True)):
            born = today.replace(year=today.year - int(profile["age"]), day=1) - timedelta(
                days=(offset + number) * 11 % 300
            )
            patients.append(
                Patient(
                    user=user,
                    practice=practice,
                    therapist=therapist,
                    date_of_birth=born,
                    sex=profile["sex"],
                    phone=demo_phone("NL", offset + number),
                    created_at=now - timedelta(weeks=int(profile["weeks_ago"]), days=1),
                )
            )
        # bulk_create sends no post_save: the questionnaire demo schedules them itself.
        patients = Patient.objects.bulk_create(patients)
        Invitation.objects.bulk_create(
            Invitation(
                user=patient.user,
                practice=practice,
                kind=Invitation.Kind.PATIENT,
                invited_by=therapist,
                token_hash=f"bench-{patient.pk}-{rng.getrandbits(64):016x}",
                created_at=patient.created_at,
                expires_at=patient.created_at + timedelta(days=14),
                accepted_at=patient.created_at + timedelta(hours=2),
            )
            for patient in patients
        )
        version = current_privacy().version
        PrivacyConsent.objects.bulk_create(
            PrivacyConsent(
                patient=patient, version=version, agreed_at=patient.created_at + timedelta(hours=2)
            )
            for patient in patients
        )
        Intake.objects.bulk_create(
            Intake(
                patient=patient,
                answers={"sex": profile["sex"], **profile["answers"]},
                started_at=patient.created_at + timedelta(hours=3),
                completed_at=patient.created_at + timedelta(hours=3, minutes=12),
            )
            for patient, profile in zip(patients, profiles, strict=True)
        )
        return patients

    def _diaries(
        self, patients: list[Patient], today: date, rng: random.Random, share: float
    ) -> None:
        """A pain diary over the whole history for ``share`` of the patients."""
        had = set(
            PainDiary.objects.filter(patient__in=patients).values_list("patient_id", flat=True)
        )
        diaries, entries = [], []
        for patient in patients:
            if patient.pk in had or rng.random() >= share:
                continue
            diaries.append(
                PainDiary(
                    patient=patient,
                    is_on=True,
                    note=diary_demo.DIARY_NOTE,
                    changed_at=patient.created_at,
                    changed_by=patient.therapist,
                )
            )
            start = timezone.localdate(patient.created_at)
            # The demo's diary covers the last DIARY_DAYS before a day: step back through.
            until = today
            while until - timedelta(days=diary_demo.DIARY_DAYS) >= start:
                entries += diary_demo._diary(patient, until, rng)
                until -= timedelta(days=diary_demo.DIARY_DAYS)
        PainDiary.objects.bulk_create(diaries)
        diary_demo.DiaryEntry.objects.bulk_create(entries, batch_size=2000)
