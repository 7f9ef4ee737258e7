"""Which page types may go where in the page tree."""

from wagtail.models import Page

from home.models import HomePage, StandardPage
from tests.conftest import make_standard_page


def test_home_page_lives_only_at_the_top_of_the_tree(demo_site):
    tree_root = Page.get_first_root_node()
    standard = demo_site.get_children().first()

    assert HomePage.parent_page_types == ["wagtailcore.Page"]
    assert not HomePage.can_exist_under(standard)
    assert not HomePage.can_exist_under(demo_site)
    # One home page per installation: a second one cannot be created even at the top.
    assert not HomePage.can_create_at(tree_root)


def test_home_page_can_be_created_at_the_top_of_an_empty_tree(db):
    HomePage.objects.get().delete()
    tree_root = Page.get_first_root_node()
    assert HomePage.can_create_at(tree_root)


def test_standard_pages_go_under_home_or_other_standard_pages(demo_site):
    about = StandardPage.objects.get(slug="about")
    assert StandardPage.can_create_at(demo_site)
    assert StandardPage.can_create_at(about)
    assert not StandardPage.can_create_at(Page.get_first_root_node())


def test_a_nested_standard_page_is_served_under_its_parent(demo_site, client):
    about = StandardPage.objects.get(slug="about")
    make_standard_page(about, title="スタッフ紹介", slug="staff")
    response = client.get("/about/staff/")
    assert response.status_code == 200
    assert "スタッフ紹介" in response.text
