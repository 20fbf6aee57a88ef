"""Notifications (read and unread, per unit) and the group robots (企业微信, 钉钉, 飞书)
that reminders go to, with the outbox's state."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tally.accounts.models import Role
from tally.accounts.scoping import can_write_org, require_roles

from . import services
from .forms import WebhookForm
from .models import Notification, OutboxMessage, OutboxStatus, Webhook
from .reminders import mark_read, masked_url, save_webhook, test_robot
from .views import PAGE_SIZE, STAFF

WRITERS = (Role.ADMIN, Role.OFFICE, Role.UNIT)


def my_notifications(user):
    """A unit's reminders: those of the user's own organisation."""
    if not user.org_id:
        return Notification.objects.none()
    return Notification.objects.filter(org_id=user.org_id)


@require_roles(*STAFF)
def notification_list(request):
    notifications = my_notifications(request.user)
    if request.GET.get("unread"):
        notifications = notifications.filter(read_at__isnull=True)
    page = Paginator(notifications, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page_obj": page, "unread_only": bool(request.GET.get("unread"))}
    return render(request, "supervision/notification_list.html", context)


@require_POST
def notification_read(request, pk):
    notification = get_object_or_404(my_notifications(request.user), pk=pk)
    mark_read(notification, by=request.user)
    if notification.url and request.POST.get("open"):
        return redirect(notification.url)
    return redirect(request.POST.get("next") or "supervision:notification_list")


@require_POST
def notification_read_all(request):
    my_notifications(request.user).filter(read_at__isnull=True).update(
        read_at=timezone.now(), read_by=request.user
    )
    return redirect("supervision:notification_list")


# --- robots -------------------------------------------------------------------------------------


def manageable_webhooks(user):
    """The office manages every robot; a unit clerk those of her own subtree."""
    if services.is_office(user):
        return Webhook.objects.select_related("org")
    if user.role != Role.UNIT or not user.org_id:
        return Webhook.objects.none()
    prefix = user.org.path
    return Webhook.objects.select_related("org").filter(org__path__startswith=prefix)


@require_roles(*WRITERS)
def webhook_list(request):
    may_site = services.is_office(request.user)
    form = WebhookForm(request.POST or None, may_site=may_site, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        org = data.get("org")
        if (org is None and not may_site) or (
            org is not None and not can_write_org(request.user, org)
        ):
            raise PermissionDenied
        save_webhook(
            org=org,
            platform=data["platform"],
            url=data["url"],
            secret=data["secret"],
            name=data["name"],
        )
        messages.success(request, _("The group robot was saved."))
        return redirect("supervision:webhook_list")
    webhooks = manageable_webhooks(request.user).order_by("org__path", "pk")
    rows = [(w, masked_url(w)) for w in webhooks]
    outbox = OutboxMessage.objects.filter(webhook__in=webhooks)
    if may_site:  # the office sees the e-mails too
        outbox = outbox | OutboxMessage.objects.filter(webhook__isnull=True)
    outbox = outbox.exclude(status=OutboxStatus.SENT).select_related("webhook")
    context = {"form": form, "rows": rows, "outbox": outbox[:50]}
    return render(request, "supervision/webhook_list.html", context)


@require_POST
def webhook_test(request, pk):
    webhook = get_object_or_404(manageable_webhooks(request.user), pk=pk)
    if test_robot(webhook) == "sent":
        messages.success(request, _("The test message was delivered."))
    else:
        messages.error(request, _("The test message could not be delivered; see below."))
    return redirect("supervision:webhook_list")


@require_POST
def webhook_delete(request, pk):
    webhook = get_object_or_404(manageable_webhooks(request.user), pk=pk)
    webhook.active = False
    webhook.save(update_fields=["active"])
    messages.success(request, _("The group robot was switched off."))
    return redirect("supervision:webhook_list")
