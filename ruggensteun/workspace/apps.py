from django.apps import AppConfig


class WorkspaceConfig(AppConfig):
    name = "ruggensteun.workspace"
    verbose_name = "Therapist workspace"

    def ready(self) -> None:
        from django.db.models.signals import post_delete

        from ruggensteun.workspace.models import ExerciseVideo, delete_video_file

        post_delete.connect(
            delete_video_file, sender=ExerciseVideo, dispatch_uid="workspace.delete_video_file"
        )
