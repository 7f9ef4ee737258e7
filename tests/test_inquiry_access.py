"""Who may read an office's inquiries: granted by the operator only, never through page editing."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from wagtail.models import GroupPagePermission

from facilities.models import FacilityPage
from inquiries.models import InquiryAccess, InquiryLogEntry
from tests.conftest import sign_in
from tests.test_inquiry_admin import INBOX, inquiry, staff_group

pytestmark = pytest.mark.django_db
ACCESS = "/admin/inquiry-access/"
ROOT = Path(__file__).resolve().parents[1]


def account(username, *groups, **fields):
    user = get_user_model().objects.create_user(username, f"{username}@example.jp", "pw", **fields)
    user.groups.add(*groups)
    return user


@pytest.fixture
def office_b(demo_site):
    return FacilityPage.objects.get(slug="demo-02")


@pytest.fixture
def page_editor(office_b):
    """An editor of every page, with no say over inquiries."""
    group, _ = Group.objects.get_or_create(name="ページの編集者")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in ("add_page", "change_page", "publish_page"):
        GroupPagePermission.objects.create(
            group=group,
            page=office_b.get_parent(),
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            ),
        )
    return account("editor", group)


@pytest.fixture
def operator():
    return get_user_model().objects.create_superuser("operator", "op@example.jp", "pw")


def test_the_facility_editor_no_longer_grants_access(client, office_b, page_editor):
    sign_in(client, page_editor)
    html = client.get(reverse("wagtailadmin_pages:edit", args=[office_b.pk])).text
    assert "お問い合わせを担当する職員" not in html
    assert "staff_members" not in html
    assert "お問い合わせの閲覧許可" in html  # the help text says who decides now

    # Neither the list nor the grant form opens for an editor, and a forged post does nothing.
    staff = account("staff-a", staff_group())
    assert client.get(ACCESS).status_code in (302, 403)
    response = client.post(f"{ACCESS}new/", {"facility": office_b.pk, "user": staff.pk})
    assert response.status_code in (302, 403)
    assert not InquiryAccess.objects.exists()


def test_publishing_a_revision_never_changes_who_reads_inquiries(client, office_b, operator):
    """An old revision (or a crafted draft) naming a staff member grants nothing when it is
    published, and publishing does not take a grant away."""
    granted, outsider = account("granted", staff_group()), account("outsider", staff_group())
    InquiryAccess.objects.create(facility=office_b, user=granted, granted_by=operator)
    revision = office_b.save_revision(user=operator)
    content = dict(revision.content)
    content["staff_members"] = [{"pk": None, "facility": office_b.pk, "user": outsider.pk}]
    revision.content = content
    revision.save()
    revision.publish(user=operator)

    readers = set(InquiryAccess.objects.filter(facility=office_b).values_list("user", flat=True))
    assert readers == {granted.pk}
    secret = inquiry(office_b, support_needs="発作のときは横になれる場所が必要です。")
    sign_in(client, outsider)
    response = client.get(f"{INBOX}inspect/{secret.pk}/")
    assert response.status_code in (302, 403, 404)
    assert "発作" not in response.content.decode()


def test_the_operator_grants_and_revokes_and_both_are_in_the_audit_log(client, office_b, operator):
    staff = account("hanako", staff_group(), last_name="山田", first_name="花子")
    secret = inquiry(office_b, support_needs="大きな音が苦手です。")
    sign_in(client, operator)
    form = client.get(f"{ACCESS}new/").text
    assert "山田 花子（hanako）" in form
    response = client.post(f"{ACCESS}new/", {"facility": office_b.pk, "user": staff.pk})
    assert response.status_code == 302
    access = InquiryAccess.objects.get()
    assert (access.facility_id, access.user, access.granted_by) == (office_b.pk, staff, operator)
    granted = InquiryLogEntry.objects.get(action="wagtail.create")
    assert granted.user == operator
    assert granted.label == f"山田 花子（hanako） → {office_b.title}"

    # The same grant twice: a Japanese message, nothing added.
    again = client.post(f"{ACCESS}new/", {"facility": office_b.pk, "user": staff.pk})
    assert "この職員は、この事業所のお問い合わせをすでに読めます。" in again.text
    assert InquiryAccess.objects.count() == 1

    sign_in(client, staff)
    assert "大きな音が苦手です。" in client.get(f"{INBOX}inspect/{secret.pk}/").text

    sign_in(client, operator)
    listing = client.get(ACCESS).text
    assert office_b.title in listing and "山田 花子（hanako）" in listing
    assert client.post(f"{ACCESS}delete/{access.pk}/").status_code == 302
    assert not InquiryAccess.objects.exists()
    revoked = InquiryLogEntry.objects.get(action="wagtail.delete")
    assert (revoked.user, revoked.label) == (operator, granted.label)
    history = client.get("/admin/reports/site-history/").text
    assert "山田 花子（hanako）" in history

    sign_in(client, staff)
    response = client.get(f"{INBOX}inspect/{secret.pk}/")
    assert response.status_code in (302, 403, 404)
    assert "大きな音" not in response.content.decode()
    # Staff never see who else was granted what.
    assert "山田 花子（hanako）" not in client.get("/admin/reports/site-history/").text


def test_only_staff_accounts_can_be_chosen(client, operator, office_b):
    staff = account("staff-one", staff_group())
    no_admin = account("visitor-account")  # cannot sign in to the admin
    inactive = account("left-the-job", staff_group(), is_active=False)
    sign_in(client, operator)
    form = client.get(f"{ACCESS}new/").text
    options = form.split('name="user"')[1].split("</select>")[0]
    assert "staff-one" in options
    for name in (no_admin.username, inactive.username, operator.username):
        assert f">{name}<" not in options
    response = client.post(f"{ACCESS}new/", {"facility": office_b.pk, "user": no_admin.pk})
    assert response.status_code == 200
    assert not InquiryAccess.objects.exists()
    assert staff.pk  # listed above


def test_existing_assignments_move_out_of_the_pages(tmp_path):
    """On a database at the previous schema, a published FacilityStaff row becomes a grant."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "settings.test",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'old.sqlite3'}",
    }

    def manage(*args):
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout

    manage("migrate", "-v", "0")
    manage("migrate", "inquiries", "0002", "-v", "0")
    manage(
        "shell",
        "-c",
        (
            "from django.apps import apps; from django.db import connection;"
            "from django.contrib.auth.models import User;"
            "from wagtail.models import Page;"
            "from facilities.models import FacilityPage;"
            "root = Page.objects.get(depth=1);"
            "page = root.add_child(instance=FacilityPage(title='旧事業所', slug='old-office'));"
            "user = User.objects.create_user('old-staff');"
            "cursor = connection.cursor();"
            "cursor.execute('INSERT INTO inquiries_facilitystaff (sort_order, facility_id, user_id)"
            " VALUES (0, %s, %s)', [page.pk, user.pk])"
        ),
    )
    manage("migrate", "-v", "0")
    out = manage(
        "shell",
        "-c",
        "from inquiries.models import InquiryAccess;"
        "print([(a.facility.title, a.user.username) for a in InquiryAccess.objects.all()])",
    )
    assert out.strip().splitlines()[-1] == "[('旧事業所', 'old-staff')]"
