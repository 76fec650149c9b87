from typing import Any

from django.apps import AppConfig
from django.db.models import QuerySet


class WorkspaceConfig(AppConfig):
    name = "ruggensteun.workspace"
    verbose_name = "Therapist workspace"

    def ready(self) -> None:
        from django.db.models.signals import post_delete

        from ruggensteun.questionnaires.reminders import out_of_care
        from ruggensteun.workspace.models import ExerciseVideo, delete_video_file

        post_delete.connect(
            delete_video_file, sender=ExerciseVideo, dispatch_uid="workspace.delete_video_file"
        )
        # A discharged patient is out of care: the nightly questionnaire scheduling and
        # every reminder leave them out (questionnaires sits below and imports nothing here).
        out_of_care(discharged_patients)


def discharged_patients() -> "QuerySet[Any]":
    """Patient ids with a discharge in force (not reopened)."""
    from ruggensteun.workspace.models import Discharge

    return Discharge.objects.current().values_list("patient_id", flat=True)
