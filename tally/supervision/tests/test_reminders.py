"""Reminders from the daily job: in-app notifications per unit (read and unread), e-mail
where the site has mail, the three platforms' group robots in their own formats. The
job run twice on a day sends once; a receiver that fails twice then succeeds gets the
message exactly once; addresses that are not https on the platform's host are refused."""

import base64
import datetime as dt
import hashlib
import hmac

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from tally.supervision.models import Notification, OutboxMessage, OutboxStatus, Platform
from tally.supervision.reminders import (
    WebhookRefused,
    check_webhook_url,
    deliver_due,
    save_webhook,
    send_daily_reminders,
)

from .factories import make_task

WECOM = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx"
DINGTALK = "https://oapi.dingtalk.com/robot/send?access_token=abc123"
FEISHU = "https://open.feishu.cn/open-apis/bot/v2/hook/xxxx-yyyy"
MONDAY = dt.datetime(2023, 7, 3, 0, 30, tzinfo=dt.UTC)  # 8:30 in Beijing


@pytest.fixture
def due_tasks(world):
    make_task(world.street_a, "DB-1", name="即将到期的事项", deadline=dt.date(2023, 7, 8))
    make_task(world.street_a, "DB-2", name="逾期的事项", deadline=dt.date(2023, 6, 30))
    make_task(world.street_b, "DB-3", name="乙街道的事项", deadline=dt.date(2023, 7, 5))


def test_it_sends_the_daily_reminders_once_when_run_twice(world, due_tasks, receiver):
    save_webhook(org=world.street_a, platform=Platform.WECOM, url=WECOM)
    with time_machine.travel(MONDAY, tick=False):
        assert send_daily_reminders() == 2
        assert send_daily_reminders() == 0
    notification = Notification.objects.get(org=world.street_a)
    assert "逾期的事项" in notification.body and "即将到期的事项" in notification.body
    assert len(receiver.received) == 1  # street B has no robot and no site robot exists
    sent = receiver.received[0]
    assert sent.path == "/cgi-bin/webhook/send" and sent.query["key"] == ["693a91f6-7xxx"]
    assert sent.body["msgtype"] == "markdown" and "逾期的事项" in sent.body["markdown"]["content"]


def test_it_delivers_exactly_once_to_a_receiver_that_fails_twice(world, due_tasks, receiver):
    receiver.failures = 2
    save_webhook(org=world.street_a, platform=Platform.FEISHU, url=FEISHU, secret="s3cret")
    with time_machine.travel(MONDAY, tick=False) as clock:
        send_daily_reminders()
        message = OutboxMessage.objects.filter(title__contains="甲街道").get()
        assert (message.status, message.attempts) == (OutboxStatus.PENDING, 1)
        assert deliver_due()["sent"] == 0  # not yet time for the retry
        clock.shift(dt.timedelta(seconds=61))
        deliver_due()
        clock.shift(dt.timedelta(seconds=301))
        deliver_due()
        deliver_due()
    message.refresh_from_db()
    assert (message.status, message.attempts) == (OutboxStatus.SENT, 3)
    assert receiver.attempts == 3 and len(receiver.received) == 1  # received exactly once
    body = receiver.received[0].body
    key = f"{body['timestamp']}\n{'s3cret'}".encode()
    expected = base64.b64encode(hmac.new(key, b"", hashlib.sha256).digest()).decode()
    assert body["msg_type"] == "text" and body["sign"] == expected


def test_it_signs_the_dingtalk_address(world, due_tasks, receiver):
    save_webhook(org=world.street_b, platform=Platform.DINGTALK, url=DINGTALK, secret="SECabc")
    with time_machine.travel(MONDAY, tick=False):
        send_daily_reminders()
    sent = receiver.received[0]
    stamp, secret = sent.query["timestamp"][0], "SECabc"
    digest = hmac.new(secret.encode(), f"{stamp}\n{secret}".encode(), hashlib.sha256).digest()
    assert sent.query["sign"] == [base64.b64encode(digest).decode()]
    assert sent.query["access_token"] == ["abc123"]
    assert sent.body["msgtype"] == "markdown" and sent.body["markdown"]["title"]


def test_it_gives_up_after_the_last_retry_and_records_why(world, due_tasks, receiver):
    receiver.failures = 100
    save_webhook(org=world.street_a, platform=Platform.WECOM, url=WECOM)
    with time_machine.travel(MONDAY, tick=False) as clock:
        send_daily_reminders()
        for _ in range(8):
            clock.shift(dt.timedelta(hours=13))
            deliver_due()
    message = OutboxMessage.objects.get()
    assert message.status == OutboxStatus.FAILED and message.attempts == 6
    assert "45009" in message.last_error


def test_it_mails_the_units_clerks_where_the_site_has_mail(world, due_tasks, settings):
    settings.SUPERVISION_EMAIL_REMINDERS = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    clerk = world.users["clerk"]
    clerk.email = "wangfang@example.org"
    clerk.save()
    with time_machine.travel(MONDAY, tick=False):
        send_daily_reminders()
    assert [m.to for m in mail.outbox] == [["wangfang@example.org"]]
    assert "逾期的事项" in mail.outbox[0].body


@pytest.mark.parametrize(
    ("platform", "url", "reason"),
    [
        (Platform.WECOM, "http://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=x", "https://"),
        (
            Platform.WECOM,
            "https://qyapi.weixin.qq.com.evil.example/send?key=x",
            "qyapi.weixin.qq.com",
        ),
        (Platform.DINGTALK, "https://127.0.0.1/robot/send", "oapi.dingtalk.com"),
        (Platform.FEISHU, "https://oapi.dingtalk.com/robot/send", "open.feishu.cn"),
        (Platform.FEISHU, "https://u:p@open.feishu.cn/open-apis/bot/v2/hook/x", "open.feishu.cn"),
    ],
)
def test_it_refuses_an_address_off_the_platforms_hosts(platform, url, reason):
    with pytest.raises(WebhookRefused) as refused:
        check_webhook_url(platform, url)
    assert reason in str(refused.value)


def test_it_refuses_a_bad_address_on_the_page_and_saves_nothing(world, login):
    response = login("clerk").post(
        reverse("supervision:webhook_list"),
        {
            "platform": "dingtalk",
            "url": "http://oapi.dingtalk.com/robot/send",
            "org": world.street_a.code,
        },
    )
    assert "机器人地址必须以 https:// 开头" in response.content.decode()
    assert not OutboxMessage.objects.exists()
    from tally.supervision.models import Webhook

    assert not Webhook.objects.exists()


def test_it_shows_the_reminders_on_the_units_home_page_until_read(world, due_tasks, login):
    with time_machine.travel(MONDAY, tick=False):
        send_daily_reminders()
    client = login("clerk")
    home = client.get(reverse("home"))
    assert "1 条未读提醒" in home.content.decode()
    notification = Notification.objects.get(org=world.street_a)
    client.post(reverse("supervision:notification_read", args=[notification.pk]))
    notification.refresh_from_db()
    assert notification.read_at is not None and notification.read_by == world.users["clerk"]
    assert "未读提醒" not in client.get(reverse("home")).content.decode()
    # another unit cannot read (or mark) street A's reminders
    other = login("sibling_clerk").post(
        reverse("supervision:notification_read", args=[notification.pk])
    )
    assert other.status_code == 404
