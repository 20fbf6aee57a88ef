"""The administrator creates a clerk in the UI; the clerk logs in with the one-time
password, must change it, and lands on her home page — on her phone."""

import pytest

from tally.accounts.models import User

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_PASSWORD = "Wf#2024-dongcheng"


def test_it_takes_a_new_clerk_from_the_administrator_to_her_home_page(page, phone, world):
    log_in(page, "admin")
    page.get_by_role("link", name="账号").first.click()
    page.get_by_role("link", name="新建账号").click()
    page.get_by_label("用户名").fill("wangfang")
    page.get_by_label("姓名").fill("王芳")
    page.get_by_label("角色").select_option(label="单位填报员")
    page.get_by_label("所属组织").select_option(
        label=f"{world.street_a.name}（{world.street_a.code}）"
    )
    page.get_by_label("手机号", exact=True).fill("13800001234")
    page.get_by_role("button", name="创建账号").click()
    password = page.locator("#initial-password").inner_text().strip()
    assert len(password) == 12
    assert User.objects.get(username="wangfang").must_change_password

    log_in(phone, "wangfang", password)
    assert phone.url.endswith("/accounts/password/")
    assert phone.get_by_text("一次性初始密码").is_visible()
    # The form fits a 390 px phone: nothing wider than the screen.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    phone.get_by_label("旧密码").fill(password)
    phone.locator("#id_new_password1").fill(NEW_PASSWORD)
    phone.get_by_label("新密码确认").fill(NEW_PASSWORD)
    phone.get_by_role("button", name="修改密码").click()
    phone.wait_for_load_state("networkidle")
    assert phone.url == phone.base_url + "/"
    assert phone.get_by_role("heading", name="您好，王芳").is_visible()
    assert not User.objects.get(username="wangfang").must_change_password
