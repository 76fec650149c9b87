"""manage.py search_index [--force]: rebuild the search index when the content changed."""

from django.core.management.base import BaseCommand

from ruggensteun.search.index import refresh
from ruggensteun.search.models import Passage


class Command(BaseCommand):
    help = "Rebuild the search index from the content data when it changed (or --force)."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Rebuild even if unchanged.")

    def handle(self, *args, force: bool = False, **options):
        rebuilt = refresh(force=force)
        count = Passage.objects.count()
        word = "rebuilt" if rebuilt else "already up to date"
        self.stdout.write(f"Search index {word}: {count} passages.")
