import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from blog import demo as blog_demo
from facilities.demo import offices as facilities_demo
from home.demo import pages as home_demo
from inquiries import demo as inquiries_demo

# Each section app adds its pages under the home page; the home app's fixed pages, settings
# and menus come last so that they can link to those sections.
SECTION_LOADERS = [facilities_demo.load, inquiries_demo.load]

DEMO_ADMIN_USERNAME = "admin"


class Command(BaseCommand):
    help = (
        "Build the demo site (pages, settings, menus). Safe to run again: it only adds what is "
        "missing and never overwrites edits. Where DEMO_ADMIN_ACCOUNT is on (dev), it also "
        "makes a demo admin account and prints its login."
    )

    def handle(self, *args, **options):
        home, new_home = home_demo.ensure_site(log=self.stdout.write)
        for loader in SECTION_LOADERS:
            loader(home, log=self.stdout.write)
        home_demo.load(home, new_home=new_home, log=self.stdout.write)
        # Articles go under the blog index, which the fixed pages above create.
        blog_demo.load(home, log=self.stdout.write)
        if getattr(settings, "DEMO_ADMIN_ACCOUNT", False):
            self.ensure_demo_admin()

    def ensure_demo_admin(self):
        User = get_user_model()
        password_file = settings.VAR_DIR / "demo-admin-password"
        if not User.objects.filter(username=DEMO_ADMIN_USERNAME).exists():
            password = secrets.token_urlsafe(12)
            User.objects.create_superuser(
                DEMO_ADMIN_USERNAME, email="admin@example.jp", password=password
            )
            password_file.parent.mkdir(parents=True, exist_ok=True)
            password_file.write_text(password)
            password_file.chmod(0o600)
        if password_file.exists():
            login = f"user '{DEMO_ADMIN_USERNAME}', password '{password_file.read_text().strip()}'"
        else:
            login = f"user '{DEMO_ADMIN_USERNAME}' (its password was set outside load_demo)"
        self.stdout.write(self.style.SUCCESS(f"Demo admin login: {login}"))
