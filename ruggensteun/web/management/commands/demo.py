"""Fill the database with demo practices, so the app can be tried and shown.

Idempotent: running it again leaves an existing demo alone. Every demo account uses
the password in DEMO_PASSWORD; the README lists them all.

``--reset`` starts the demo afresh, and only on a database that holds nothing but the demo:
every practice one of the demo's, every account one of theirs (a patient or colleague added
while trying the demo counts as theirs). Anything else (a real practice, an account of no
demo practice such as a superuser) and it refuses, changing nothing. It then empties every
table except the audit log, in one transaction, and builds the demo again. The audit log is
append-only by design (on PostgreSQL a trigger refuses DELETE), so the entries about the old
demo stay; they name ids that are never given out again (sequences are not reset). Also kept:
what `migrate` made (content types, permissions) and the periodic jobs' last runs.
"""

import random
from dataclasses import dataclass
from datetime import timedelta

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from ruggensteun.accounts.models import Invitation, Membership, Practice, User
from ruggensteun.accounts.two_factor.demo import DEMO_TOTP_SECRET, ensure_demo_devices
from ruggensteun.diary import demo as diary_demo
from ruggensteun.intake import demo as intake_demo
from ruggensteun.intake.models import Intake
from ruggensteun.mydata.privacy import agree_at_creation
from ruggensteun.patients.models import Patient
from ruggensteun.programme import demo as programme_demo
from ruggensteun.questionnaires import demo as questionnaires_demo
from ruggensteun.today import demo as today_demo
from ruggensteun.workspace import demo as workspace_demo

DEMO_PASSWORD = "ruggensteun-demo"


@dataclass(frozen=True)
class DemoStaff:
    email: str
    name: str
    role: str
    clinical_lead: bool = False  # signs off the clinical texts (signoff app)


@dataclass(frozen=True)
class DemoPractice:
    name: str
    country: str
    staff: tuple[DemoStaff, ...]
    patient_count: int
    email_domain: str
    language: str
    invited: tuple[str, ...] = ()  # invited patients who have not set a password yet
    # The contact card patients see (accounts.Practice); made-up numbers and addresses.
    contact: dict[str, str] | None = None


PRACTICES = (
    DemoPractice(
        name="Fysiotherapie De Linde",
        country="NL",
        staff=(
            DemoStaff("beheer@delinde.example", "Marieke van Dijk", Membership.Role.ADMIN),
            DemoStaff(
                "sanne@delinde.example",
                "Sanne de Vries",
                Membership.Role.THERAPIST,
                clinical_lead=True,
            ),
            DemoStaff("joris@delinde.example", "Joris Bakker", Membership.Role.THERAPIST),
        ),
        patient_count=32,
        email_domain="delinde-patient.example",
        language="nl",
        invited=("Lieke Hofman", "Dirk Veenstra"),
        contact={
            "phone": "030-123 45 67",
            "opening_hours": "Maandag tot en met vrijdag: 8.00 tot 20.00 uur\n"
            "Zaterdag: 9.00 tot 12.00 uur",
            "address": "Lindelaan 12\n3500 AA Utrecht",
            "alert_email": "alarm@delinde.example",
            "gp_phone": "0900-123 45 67",
            "out_of_hours_advice": "Is de praktijk dicht? Volg dan uw opstootplan. Moet u "
            "dringend een arts spreken? Bel de huisartsenpost. Is het levensgevaarlijk? "
            "Bel 112.",
        },
    ),
    DemoPractice(
        name="Kinepraktijk Scheldezicht",
        country="BE",
        staff=(
            DemoStaff("pieter@scheldezicht.example", "Pieter Claes", Membership.Role.THERAPIST),
        ),
        patient_count=5,
        email_domain="scheldezicht-patient.example",
        language="nl",
        contact={
            "phone": "+32 9 000 00 00",
            "opening_hours": "Maandag tot en met vrijdag: 8.00 tot 19.00 uur",
            "address": "Scheldekaai 5\n9000 Gent",
            "alert_email": "team@scheldezicht.example",
            # The Belgian out-of-hours GP service (triage.md §2.1).
            "gp_phone": "1733",
            "out_of_hours_advice": "Is de praktijk dicht? Volg dan uw opstootplan. Moet u "
            "dringend een arts spreken? Bel de huisartsenwachtdienst: 1733. Is het "
            "levensgevaarlijk? Bel 112.",
        },
    ),
)

FIRST_NAMES = (
    "Emma",
    "Daan",
    "Sophie",
    "Lucas",
    "Julia",
    "Sem",
    "Anna",
    "Thomas",
    "Lotte",
    "Bram",
    "Fatima",
    "Mohamed",
    "Ingrid",
    "Kees",
    "Noor",
    "Yusuf",
    "Eva",
    "Pieter",
    "Lisa",
    "Henk",
    "Sara",
    "Ahmed",
    "Marloes",
    "Gerrit",
    "Iris",
    "Rik",
    "Femke",
    "Wim",
    "Mila",
    "Jan",
    "Elif",
    "Tom",
    "Els",
    "Koen",
    "Hanna",
    "Jeroen",
    "Annelies",
    "Wout",
)
LAST_NAMES = (
    "Jansen",
    "de Boer",
    "Visser",
    "Smit",
    "Meijer",
    "de Groot",
    "Mulder",
    "Bos",
    "Vos",
    "Peters",
    "Hendriks",
    "van Leeuwen",
    "Dekker",
    "Brouwer",
    "de Wit",
    "Dijkstra",
    "Kaya",
    "El Amrani",
    "Verhoeven",
    "Janssens",
    "Maes",
    "Willems",
    "Peeters",
    "Wouters",
    "Goossens",
    "van den Berg",
    "Kok",
    "Postma",
    "Yilmaz",
    "Koster",
    "Prins",
    "Huisman",
    "Vermeulen",
    "Claes",
    "Hermans",
    "Schouten",
    "Boersma",
    "Sedney",
)
WORK = (
    ("working", "sedentary"),
    ("working", "light"),
    ("working", "moderate"),
    ("working", "heavy"),
    ("sick_leave", "heavy"),
    ("sick_leave", "moderate"),
    ("retired", "light"),
    ("student", "sedentary"),
    ("not_employed", "light"),
)


def demo_accounts() -> list[tuple[str, str, str]]:
    """Every demo account that logs in, as (e-mail, role, practice), in a stable order.

    The README's table of demo accounts is this list (a test compares them)."""
    accounts: list[tuple[str, str, str]] = []
    for practice in PRACTICES:
        accounts += [(staff.email, staff.role, practice.name) for staff in practice.staff]
        accounts += [
            (profile["email"], "patient", practice.name) for profile in patient_profiles(practice)
        ]
    return accounts


def patient_profiles(practice: DemoPractice) -> list[dict[str, object]]:
    """Varied, realistic patients; the same every run (seeded by the practice name)."""
    rng = random.Random(practice.name)
    names = [(first, last) for first in FIRST_NAMES for last in LAST_NAMES]
    rng.shuffle(names)
    profiles = []
    for number in range(practice.patient_count):
        first, last = names[number]
        age = rng.choice((19, 24, 29, 34, 38, 42, 45, 48, 51, 55, 58, 62, 67, 71, 76, 81))
        work_status, load = rng.choice(WORK)
        if age >= 67:
            work_status, load = "retired", "light"
        leg_pain = rng.choices(("none", "buttock_thigh", "below_knee"), weights=(5, 3, 2))[0]
        local = f"{first}.{last}".lower().replace(" ", "")
        answers: dict[str, object] = {
            "duration_weeks": rng.choice((1, 2, 3, 5, 8, 10, 14, 26, 52)),
            "recurrent": rng.random() < 0.3,
            "leg_pain": leg_pain,
            "nprs": rng.randint(3, 8),
            "recovery_expectation": rng.randint(2, 9),
            "work_status": work_status,
            "work_physical_load": load,
        }
        if leg_pain != "none":
            answers["leg_pain_sides"] = "one"
            answers["leg_pain_worse_than_back"] = leg_pain == "below_knee" and rng.random() < 0.7
            answers["leg_tingling_numbness"] = leg_pain == "below_knee" and rng.random() < 0.5
        profiles.append(
            {
                "email": f"{local}@{practice.email_domain}",
                "name": f"{first} {last}",
                "age": age,
                "sex": "female" if first in _FEMALE else "male",
                # Started between a few days and half a year ago, so every stage shows.
                "weeks_ago": rng.choice((0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 12, 13, 16, 20, 26)),
                "answers": answers,
            }
        )
    return profiles


_FEMALE = {
    "Emma",
    "Sophie",
    "Julia",
    "Anna",
    "Lotte",
    "Fatima",
    "Ingrid",
    "Noor",
    "Eva",
    "Lisa",
    "Sara",
    "Marloes",
    "Iris",
    "Femke",
    "Mila",
    "Elif",
    "Els",
    "Hanna",
    "Annelies",
}


# Tables --reset leaves alone: the append-only audit log, what migrate made (also the search
# index of the content), and the record of the periodic jobs' last runs (not demo data).
KEPT_ON_RESET = {
    "audit.auditevent",
    "contenttypes.contenttype",
    "auth.permission",
    "base.periodicrun",
    "search.passage",
    "search.indexstate",
}


def reset_demo() -> int:
    """Empty every table but KEPT_ON_RESET, after checking that the database holds only the
    demo (CommandError otherwise, nothing changed). Returns the number of rows removed. Call
    it inside a transaction: the foreign keys are checked at its end."""
    demo_names = [practice.name for practice in PRACTICES]
    others = Practice.objects.exclude(name__in=demo_names)
    if others.exists():
        names = ", ".join(sorted(others.values_list("name", flat=True))[:5])
        raise CommandError(
            f"Not only demo data here (practices: {names}); --reset changes nothing. "
            "Reset only a database used for the demo alone."
        )
    demo_emails = [email for email, _role, _practice in demo_accounts()]
    outsiders = User.objects.exclude(
        Q(email__in=demo_emails)
        | Q(memberships__practice__name__in=demo_names)
        | Q(patient__practice__name__in=demo_names)
    )
    if outsiders.exists():
        raise CommandError(
            f"Not only demo data here ({outsiders.count()} accounts of no demo practice, "
            "e.g. a superuser); --reset changes nothing."
        )
    removed = 0
    # The caseload's count of changes last: emptying the other tables counts (triggers).
    models = sorted(
        apps.get_models(include_auto_created=True),
        key=lambda model: model._meta.label_lower == "workspace.casechanges",
    )
    with connection.cursor() as cursor:
        for model in models:
            if model._meta.label_lower in KEPT_ON_RESET or not model._meta.managed:
                continue
            # Plain SQL: no signals, no PROTECT; the foreign keys are deferred to the commit,
            # when every table that refers to another is empty too.
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")
            removed += max(cursor.rowcount, 0)
    return removed


def demo_phone(country: str, number: int) -> str:
    """A made-up mobile number for two patients in three (not everyone gives one)."""
    if number % 3 == 2:
        return ""
    if country == "BE":
        return f"+32 470 00 {number:02d} 00"
    return f"06-12345{number:03d}"


class Command(BaseCommand):
    help = "Create the demo practices, staff and patients (password: ruggensteun-demo)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--reset",
            action="store_true",
            help="remove the demo and build it again (only on a database with nothing else)",
        )

    def handle(self, *args: object, **options: object) -> None:
        with transaction.atomic():
            if options["reset"]:
                removed = reset_demo()
                self.stdout.write(f"Removed the demo ({removed} rows; the audit log kept).")
            elif Practice.objects.filter(name=PRACTICES[0].name).exists():
                self.stdout.write("The demo data is already there (--reset builds it afresh).")
                return
            for practice in PRACTICES:
                self._create_practice(practice)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo created: {len(demo_accounts())} accounts, password {DEMO_PASSWORD!r}; "
                f"staff confirm with TOTP secret {DEMO_TOTP_SECRET}."
            )
        )

    def _create_practice(self, spec: DemoPractice) -> None:
        practice = Practice.objects.create(
            name=spec.name, country=spec.country, **(spec.contact or {})
        )
        therapists = []
        staff_users = []
        for staff in spec.staff:
            user = User.objects.create_user(staff.email, DEMO_PASSWORD, full_name=staff.name)
            Membership.objects.create(
                user=user,
                practice=practice,
                role=staff.role,
                is_clinical_lead=staff.clinical_lead,
            )
            staff_users.append(user)
            if staff.role == Membership.Role.THERAPIST:
                therapists.append(user)
        # Every demo staff account shares one TOTP secret (printed in the README).
        ensure_demo_devices(staff_users)
        today = timezone.localdate()
        for name in spec.invited:
            user = User.objects.create_user(
                f"{name.lower().replace(' ', '.')}@{spec.email_domain}", None, full_name=name
            )
            Patient.objects.create(user=user, practice=practice, therapist=therapists[0])
            Invitation.issue(
                user=user, practice=practice, kind=Invitation.Kind.PATIENT, invited_by=therapists[0]
            )
        patients: list[Patient] = []
        for number, profile in enumerate(patient_profiles(spec)):
            user = User.objects.create_user(
                profile["email"], DEMO_PASSWORD, full_name=profile["name"], language=spec.language
            )
            born = today.replace(year=today.year - int(profile["age"]), day=1) - timedelta(
                days=number * 11 % 300
            )
            started = timezone.now() - timedelta(weeks=int(profile["weeks_ago"]), days=1)
            patient = Patient.objects.create(
                user=user,
                practice=practice,
                therapist=therapists[number % len(therapists)],
                date_of_birth=born,
                sex=profile["sex"],
                phone=demo_phone(spec.country, number),
                created_at=started,
            )
            invitation, _token = Invitation.issue(
                user=user, practice=practice, kind=Invitation.Kind.PATIENT, invited_by=therapists[0]
            )
            invitation.accepted_at = started + timedelta(hours=2)
            invitation.save(update_fields=["accepted_at"])
            agree_at_creation(patient, at=invitation.accepted_at)  # at the first login
            Intake.objects.create(
                patient=patient,
                answers={"sex": profile["sex"], **profile["answers"]},
                started_at=started + timedelta(hours=3),
                completed_at=started + timedelta(hours=3, minutes=12),
            )
            patients.append(patient)
        # Questionnaires first: triage reads the STarT Back and FABQ they leave.
        questionnaires_demo.populate_demo(patients, today)
        intake_demo.populate_demo(patients)
        programme_demo.populate_demo(patients, today)
        today_demo.populate_demo(patients, today)
        diary_demo.populate_demo(patients, today)
        workspace_demo.populate_demo(patients, today)
