from django.apps import AppConfig


class DiaryConfig(AppConfig):
    name = "ruggensteun.diary"
    verbose_name = "Check-ins and pain diary"

    def ready(self) -> None:
        from ruggensteun.diary.checkins import is_due
        from ruggensteun.today.checkin import set_checkin_due

        # Today (below the diary) shows the check-in card when the diary says it is due.
        set_checkin_due(is_due)
