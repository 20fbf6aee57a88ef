import pytest

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_lets_the_office_log_in_and_see_its_home_page(page, world):
    log_in(page, "office")
    assert page.url == page.base_url + "/"
    assert page.get_by_role("heading", name="您好，office").is_visible()
    assert page.get_by_role("link", name="组织").is_visible()
    page.get_by_role("link", name="组织").click()
    assert page.get_by_role("heading", name="测试经开区党工委").is_visible()


def test_it_tells_a_clerk_with_a_wrong_password_in_chinese(page, world):
    log_in(page, "clerk", "not-the-password")
    assert "/accounts/login/" in page.url
    assert page.get_by_role("alert").is_visible()
    assert "用户名" in page.get_by_role("alert").inner_text()
