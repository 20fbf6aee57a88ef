"""Reminders that reach people where they are: an in-app notification on the unit's home
page, an e-mail where the site has mail, and a message to the group robots the offices
live in — 企业微信, 钉钉 and 飞书 — the unit's own robot or the site's.

Never lost, never sent twice: a reminder is written once (its notification and one
outbox message per channel, each under a unique key, in one transaction), then delivered
from the outbox. A message is claimed by one conditional UPDATE (waiting → sending)
before it is pushed, so two deliverers never push the same one; a failure is recorded
and retried with back-off; a message that keeps failing ends as failed, visible on the
robots page. A deliverer killed in the middle of a push leaves the message "sending":
after the lease it is pushed again (at least once; the platforms offer no way to ask
whether a message arrived).

Webhook addresses must be https and on the platform's own host. For tests only,
settings.SUPERVISION_WEBHOOK_ROUTES maps a platform host to a local receiver
("qyapi.weixin.qq.com" → "http://127.0.0.1:8765"); nothing reaches outside.
"""

import base64
import datetime as dt
import hashlib
import hmac
import json
import time
from dataclasses import dataclass
from urllib.parse import quote_plus, urlsplit, urlunsplit

import httpx
from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from tally.accounts.models import Role, User
from tally.lib.pii import cipher

from .models import Notification, OutboxMessage, OutboxStatus, Platform, Webhook

HOSTS = {
    Platform.WECOM: "qyapi.weixin.qq.com",
    Platform.DINGTALK: "oapi.dingtalk.com",
    Platform.FEISHU: "open.feishu.cn",
}
# Seconds to wait after the 1st, 2nd, … failure; after the last one the message fails.
BACKOFF = (60, 300, 1800, 7200, 43200)
LEASE = dt.timedelta(minutes=10)
TIMEOUT = httpx.Timeout(10.0, connect=5.0)
MAX_TEXT = 3500  # 企业微信 takes 4096 bytes of markdown; Chinese is 3 bytes a character


class WebhookRefused(ValueError):
    """An address that is not accepted; the message says why, in the user's language."""


class DeliveryFailed(Exception):
    pass


# --- robots ------------------------------------------------------------------------------------


def check_webhook_url(platform: str, url: str) -> str:
    """The address, or WebhookRefused: https only, and only the platform's own host."""
    url = (url or "").strip()
    parts = urlsplit(url)
    if platform not in HOSTS:
        raise WebhookRefused(_("Choose 企业微信, 钉钉 or 飞书."))
    if parts.scheme != "https":
        raise WebhookRefused(_("The robot's address must start with https://."))
    if parts.hostname != HOSTS[platform] or parts.port not in (None, 443) or parts.username:
        raise WebhookRefused(
            _("A %(platform)s robot's address is on %(host)s; this one is not.")
            % {"platform": Platform(platform).label, "host": HOSTS[platform]}
        )
    return url


def save_webhook(*, org, platform: str, url: str, secret: str = "", name: str = "") -> Webhook:
    webhook = Webhook(org=org, platform=platform, name=name.strip())
    webhook.url_enc = cipher().encrypt(check_webhook_url(platform, url))
    webhook.secret_enc = cipher().encrypt(secret.strip()) if secret.strip() else b""
    webhook.save()
    return webhook


def webhook_url(webhook: Webhook) -> str:
    return cipher().decrypt(bytes(webhook.url_enc))


def webhook_secret(webhook: Webhook) -> str:
    return cipher().decrypt(bytes(webhook.secret_enc)) if webhook.secret_enc else ""


def masked_url(webhook: Webhook) -> str:
    """Enough of the address to recognise it, not enough to use it."""
    parts = urlsplit(webhook_url(webhook))
    return f"{parts.scheme}://{parts.hostname}{parts.path[:24]}…"


# --- what each platform is sent ---------------------------------------------------------------


@dataclass
class Push:
    url: str
    body: dict


def text_of(title: str, body: str, link: str) -> str:
    text = f"{title}\n{body}"
    if link:
        text += f"\n{link}"
    return text[:MAX_TEXT]


def wecom_push(url: str, secret: str, title: str, body: str, link: str) -> Push:
    lines = f"**{title}**\n{body}" + (f"\n[查看详情]({link})" if link else "")
    return Push(url, {"msgtype": "markdown", "markdown": {"content": lines[:MAX_TEXT]}})


def dingtalk_push(url: str, secret: str, title: str, body: str, link: str) -> Push:
    """钉钉: with 加签, the URL carries timestamp (ms) and sign = urlencode(base64(
    HmacSHA256(secret, timestamp + "\\n" + secret)))."""
    if secret:
        stamp = str(round(time.time() * 1000))
        digest = hmac.new(secret.encode(), f"{stamp}\n{secret}".encode(), hashlib.sha256)
        sign = quote_plus(base64.b64encode(digest.digest()))
        url = f"{url}{'&' if '?' in url else '?'}timestamp={stamp}&sign={sign}"
    text = f"### {title}\n\n{body}" + (f"\n\n[查看详情]({link})" if link else "")
    return Push(url, {"msgtype": "markdown", "markdown": {"title": title, "text": text[:MAX_TEXT]}})


def feishu_push(url: str, secret: str, title: str, body: str, link: str) -> Push:
    """飞书: with 签名校验, the body carries timestamp (s) and sign = base64(HmacSHA256(
    key = timestamp + "\\n" + secret, message = empty))."""
    payload = {"msg_type": "text", "content": {"text": text_of(title, body, link)}}
    if secret:
        stamp = str(int(time.time()))
        key = f"{stamp}\n{secret}".encode()
        payload |= {
            "timestamp": stamp,
            "sign": base64.b64encode(hmac.new(key, b"", hashlib.sha256).digest()).decode(),
        }
    return Push(url, payload)


BUILDERS = {
    Platform.WECOM: wecom_push,
    Platform.DINGTALK: dingtalk_push,
    Platform.FEISHU: feishu_push,
}


def routed(url: str) -> str:
    """Tests route the platforms' hosts to a local receiver (see the module docstring)."""
    routes = getattr(settings, "SUPERVISION_WEBHOOK_ROUTES", None) or {}
    parts = urlsplit(url)
    target = routes.get(parts.hostname)
    if not target:
        return url
    base = urlsplit(target)
    return urlunsplit((base.scheme, base.netloc, parts.path, parts.query, ""))


def accepted(platform: str, response: httpx.Response) -> bool:
    """The platforms answer HTTP 200 with an error code inside: 0 means delivered."""
    if response.status_code != 200:
        return False
    try:
        answer = response.json()
    except ValueError:
        return False
    if platform == Platform.FEISHU:
        return answer.get("code", answer.get("StatusCode")) == 0
    return answer.get("errcode") == 0


def push_to_robot(webhook: Webhook, title: str, body: str, link: str) -> None:
    url = check_webhook_url(webhook.platform, webhook_url(webhook))
    push = BUILDERS[webhook.platform](url, webhook_secret(webhook), title, body, link)
    try:
        response = httpx.post(
            routed(push.url),
            content=json.dumps(push.body, ensure_ascii=False).encode(),
            headers={"Content-Type": "application/json; charset=utf-8"},
            timeout=TIMEOUT,
            follow_redirects=False,
        )
    except httpx.HTTPError as error:
        raise DeliveryFailed(type(error).__name__) from None
    if not accepted(webhook.platform, response):
        raise DeliveryFailed(f"HTTP {response.status_code} {response.text[:200]}")


# --- writing reminders -------------------------------------------------------------------------


def site_has_mail() -> bool:
    return bool(getattr(settings, "SUPERVISION_EMAIL_REMINDERS", False))


def robots_for(org) -> list[Webhook]:
    """The unit's own active robots, else the site's."""
    own = list(Webhook.objects.filter(org=org, active=True))
    return own or list(Webhook.objects.filter(org__isnull=True, active=True))


def mail_addresses(org) -> list[str]:
    users = User.objects.filter(org=org, is_active=True, role__in=(Role.UNIT, Role.OFFICE))
    return sorted({u.email for u in users.exclude(email="")})


def remind(org, key: str, title: str, body: str = "", url: str = "") -> Notification | None:
    """Write a reminder for a unit once: its notification and its outbox messages. The
    same key again (the daily job run twice, a second 催报 the same day) writes nothing
    and returns None."""
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                org=org, key=key, title=title[:200], body=body, url=url
            )
            channels = [(f"robot:{robot.pk}", {"webhook": robot}) for robot in robots_for(org)]
            if site_has_mail():
                channels += [(f"mail:{a}", {"email": a}) for a in mail_addresses(org)]
            now, link = timezone.now(), absolute(url)
            messages = [
                OutboxMessage(
                    key=f"{key}|{channel}",
                    title=title[:200],
                    body=body,
                    url=link,
                    next_attempt_at=now,
                    **target,
                )
                for channel, target in channels
            ]
            OutboxMessage.objects.bulk_create(messages)
    except IntegrityError:
        return None
    return notification


def absolute(url: str) -> str:
    base = getattr(settings, "SITE_URL", "")
    return f"{base.rstrip('/')}{url}" if url and base else url


def mark_read(notification: Notification, *, by) -> None:
    Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
        read_at=timezone.now(), read_by=by
    )


# --- delivering ----------------------------------------------------------------------------------


def deliver_due(*, now: dt.datetime | None = None, limit: int = 200) -> dict:
    """Push the messages whose time has come; returns counts of sent and failed."""
    now = now or timezone.now()
    stale = Q(status=OutboxStatus.SENDING, next_attempt_at__lte=now - LEASE)
    due = Q(status=OutboxStatus.PENDING, next_attempt_at__lte=now) | stale
    counts = {"sent": 0, "retry": 0, "failed": 0}
    for message in OutboxMessage.objects.filter(due).select_related("webhook")[:limit]:
        if claim(message, now):
            counts[deliver(message, now)] += 1
    return counts


def claim(message: OutboxMessage, now) -> bool:
    """One conditional UPDATE: only one deliverer gets the message."""
    return bool(
        OutboxMessage.objects.filter(
            pk=message.pk, status=message.status, attempts=message.attempts
        ).update(status=OutboxStatus.SENDING, next_attempt_at=now)
    )


def deliver(message: OutboxMessage, now) -> str:
    try:
        if message.webhook_id is not None:
            push_to_robot(message.webhook, message.title, message.body, message.url)
        else:
            body = message.body + (f"\n\n{message.url}" if message.url else "")
            send_mail(message.title, body, None, [message.email])
    except (DeliveryFailed, WebhookRefused, OSError) as error:
        return record_failure(message, str(error), now)
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=OutboxStatus.SENT, sent_at=timezone.now(), attempts=F("attempts") + 1
    )
    return "sent"


def record_failure(message: OutboxMessage, error: str, now) -> str:
    attempts = message.attempts + 1
    if attempts > len(BACKOFF):
        status, next_at, outcome = OutboxStatus.FAILED, now, "failed"
    else:
        status, outcome = OutboxStatus.PENDING, "retry"
        next_at = now + dt.timedelta(seconds=BACKOFF[attempts - 1])
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=status, attempts=attempts, next_attempt_at=next_at, last_error=error[:500]
    )
    return outcome


# --- what the daily job says ----------------------------------------------------------------------

STALE_DAYS = 14
DUE_SOON_DAYS = 7


def daily_items(day: dt.date) -> dict[int, dict[str, list[str]]]:
    """{org pk: {reason: [what]}}: tasks due within 7 days, overdue tasks, tasks without
    a progress report for 14 days, overdue problems, missing reports."""
    from .models import DONE_STATUSES, Problem, ProblemStatus, ReportingRecord, ReportState, Task

    items: dict[int, dict[str, list[str]]] = {}

    def add(org_id, reason, text):
        items.setdefault(org_id, {}).setdefault(reason, []).append(text)

    open_tasks = Task.objects.filter(assigned=True).exclude(status__in=DONE_STATUSES)
    for task in open_tasks.filter(deadline__lt=day):
        add(task.lead_unit_id, "overdue", f"{task.name}（时限{task.deadline:%m-%d}）")
    soon = day + dt.timedelta(days=DUE_SOON_DAYS)
    for task in open_tasks.filter(deadline__gte=day, deadline__lte=soon):
        add(task.lead_unit_id, "due_soon", f"{task.name}（时限{task.deadline:%m-%d}）")
    quiet_since = day - dt.timedelta(days=STALE_DAYS)
    stale = open_tasks.filter(start_date__lte=quiet_since).filter(
        Q(last_report_on__isnull=True) | Q(last_report_on__lt=quiet_since)
    )
    for task in stale:
        add(task.lead_unit_id, "stale", task.name)
    problems = Problem.objects.exclude(status=ProblemStatus.RECTIFIED).filter(deadline__lt=day)
    for problem in problems:
        add(problem.unit_id, "problems", problem.description[:40])
    missing = ReportingRecord.objects.filter(
        state=ReportState.MISSING, due_on__gte=day - dt.timedelta(days=31)
    )
    for record in missing:
        add(record.unit_id, "missing", f"{record.obligation.name}（{record.period}）")
    return items


REASONS = (
    ("overdue", "已超过完成时限"),
    ("due_soon", "7天内到期"),
    ("stale", "14天未报送进展"),
    ("problems", "问题逾期未整改"),
    ("missing", "材料未报送"),
)


def digest_text(reasons: dict[str, list[str]]) -> str:
    lines = []
    for reason, label in REASONS:
        found = reasons.get(reason)
        if found:
            shown = "；".join(found[:5]) + ("等" if len(found) > 5 else "")
            lines.append(f"{label}{len(found)}项：{shown}")
    return "\n".join(lines)


def send_daily_reminders(day: dt.date | None = None) -> int:
    """The daily job: one digest per unit with something to do, written once a day
    (a second run writes nothing), then the outbox is delivered. Returns the number of
    digests written."""
    from django.urls import reverse

    from tally.orgs.models import Org

    from .documents import format_date

    day = day or timezone.localdate()
    written = 0
    items = daily_items(day)
    for org in Org.objects.filter(pk__in=items.keys()):
        title = f"督查提醒（{format_date(day)}）：{org.name}"
        body = digest_text(items[org.pk])
        if remind(org, f"daily:{org.pk}:{day.isoformat()}", title, body, reverse("home")):
            written += 1
    deliver_due()
    return written


def test_robot(webhook: Webhook) -> str:
    """Queue a test message to one robot and push it now: "sent", "retry" or "failed"."""
    now = timezone.now()
    message = OutboxMessage.objects.create(
        key=f"test:{webhook.pk}:{now.isoformat()}",
        webhook=webhook,
        title=_("Test message from Tally"),
        body=_("The group robot works."),
        next_attempt_at=now,
    )
    if not claim(message, now):
        return "retry"
    return deliver(message, now)
