from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from home import twofactor


class Command(BaseCommand):
    help = (
        "Remove an account's authenticator app and recovery codes (a lost phone); the person "
        "sets up a new app at their next sign-in, after their password."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        try:
            user = get_user_model().objects.get_by_natural_key(username)
        except get_user_model().DoesNotExist as error:
            raise CommandError(f"No account named {username!r}.") from error
        twofactor.reset(user)
        self.stdout.write(
            self.style.SUCCESS(
                f"Second factor of {username!r} removed: they set up a new app at next sign-in."
            )
        )
