"""Re-fit the similarity weights on a practice's closed episodes (leave-one-out error of
the 12-week NPRS change) and print them beside the expert defaults, with the mean absolute
error of "patients like this one" against the caseload average. Prints; changes nothing."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from ruggensteun.accounts.models import Practice
from ruggensteun.clinical.similarity import DEFAULT_NEIGHBOURS, MIN_NEIGHBOURS, fit_weights
from ruggensteun.outcomes.models import EpisodeCase


class Command(BaseCommand):
    help = "Fit the similarity weights on closed episodes and compare the prediction errors."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--practice", type=int, help="only this practice's cases (its id)")
        parser.add_argument("-k", type=int, default=DEFAULT_NEIGHBOURS, help="neighbours")

    def handle(self, *args: Any, **options: Any) -> None:
        k = options["k"]
        if k < MIN_NEIGHBOURS:
            raise CommandError(f"k must be at least {MIN_NEIGHBOURS}.")
        rows = EpisodeCase.objects.order_by("case_id")
        where = "all practices"
        if options["practice"] is not None:
            practice = Practice.objects.filter(pk=options["practice"]).first()
            if practice is None:
                raise CommandError(f"No practice with id {options['practice']}.")
            rows = rows.filter(practice=practice)
            where = f"practice {practice.pk} {practice.name}"
        cases = [row.as_case() for row in rows]
        try:
            fit = fit_weights(cases, k=k)
        except ValueError as error:
            raise CommandError(f"{where}: {error}") from None
        self.stdout.write(f"{where}: {fit.cases} closed episodes with a 12-week NPRS, k={fit.k}")
        self.stdout.write(f"{'feature':<16}{'default':>9}{'fitted':>9}")
        for name, weight in fit.ranking:
            self.stdout.write(f"{name:<16}{fit.start_weights[name]:>9.1f}{weight:>9.1f}")
        self.stdout.write(
            "MAE of the 12-week NPRS change (points, leave-one-out): "
            f"caseload average {fit.mae_average:.2f}, "
            f"similar patients with the default weights {fit.mae_start:.2f}, "
            f"with the fitted weights {fit.mae_neighbours:.2f}"
        )
