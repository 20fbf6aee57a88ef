"""The party member's own pages, made for a phone: a hub, 双报到, commitments, the wishes
of the member's community (claim), the member's claimed wishes (fulfil) and volunteer
activities to join.

A member sees only their own records and their community's waiting wishes; any other
object is a 404. The member is `request.user.member`; a member login without a member
record gets a friendly page instead.
"""

from functools import wraps

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tally.accounts.models import Role
from tally.accounts.scoping import require_roles

from . import services
from .forms import CommitmentForm, RegistrationForm
from .models import Commitment, CommitmentStatus, Registration, VolunteerActivity, Wish, WishStatus
from .views import posted_version


def member_of(user):
    try:
        return user.member
    except ObjectDoesNotExist:
        return None


def member_page(view):
    """Members only (others: 403); without a member record, a friendly explanation."""

    @require_roles(Role.MEMBER)
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        member = member_of(request.user)
        if member is None:
            return render(request, "community/member/no_record.html")
        return view(request, member, *args, **kwargs)

    return wrapped


def training_url() -> str | None:
    """The member's own training record (party app), when that page exists."""
    try:
        return reverse("party:my_training")
    except NoReverseMatch:
        return None


def waiting_wishes(community):
    if community is None:
        return Wish.objects.none()
    return Wish.objects.filter(community=community, status=WishStatus.WAITING).order_by(
        "-published_on", "-pk"
    )


def my_claims_of(member):
    return (
        Wish.objects.filter(claimer=member)
        .select_related("community")
        .order_by("status", "-claimed_on", "-pk")
    )


@member_page
def me(request, member):
    community = services.home_community(member)
    registration = Registration.objects.filter(member=member).select_related("community").first()
    claims = my_claims_of(member)
    context = {
        "member": member,
        "community": community,
        "registration": registration,
        "waiting_count": waiting_wishes(community).count(),
        "claims_to_fulfil": claims.filter(
            status=WishStatus.CLAIMED, fulfilled_at__isnull=True
        ).count(),
        "commitments_open": member.commitments.filter(status=CommitmentStatus.IN_PROGRESS).count(),
        "activities_count": services.joinable_activities(community).count() if community else 0,
        "training_url": training_url(),
    }
    return render(request, "community/member/me.html", context)


@member_page
def my_registration(request, member):
    registration = Registration.objects.filter(member=member).select_related("community").first()
    initial = {"community": registration.community if registration else member.residence}
    form = RegistrationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.register_member(member, form.cleaned_data["community"], by=request.user)
        except services.CommunityError as error:
            form.add_error("community", str(error))
        else:
            messages.success(
                request,
                _("You are registered at %(community)s.")
                % {"community": form.cleaned_data["community"].name},
            )
            return redirect("community:me")
    return render(
        request,
        "community/member/registration.html",
        {"form": form, "registration": registration, "member": member},
    )


@member_page
def my_commitments(request, member):
    form = CommitmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_commitment(member, form.cleaned_data["content"], by=request.user)
        except services.CommunityError as error:
            form.add_error("content", str(error))
        else:
            messages.success(request, _("Your commitment was recorded."))
            return redirect("community:my_commitments")
    commitments = member.commitments.select_related("community").order_by("status", "-promised_on")
    context = {
        "form": form,
        "commitments": commitments,
        "community": services.home_community(member),
    }
    return render(request, "community/member/commitments.html", context)


@require_POST
@member_page
def my_commitment_done(request, member, pk):
    commitment = get_object_or_404(Commitment, pk=pk, member=member)
    services.complete_commitment(commitment, by=request.user)
    messages.success(request, _("Well done: the commitment is marked as done."))
    return redirect("community:my_commitments")


@member_page
def my_community_wishes(request, member):
    community = services.home_community(member)
    context = {"community": community, "wishes": waiting_wishes(community)[:100]}
    return render(request, "community/member/wishes.html", context)


@require_POST
@member_page
def my_wish_claim(request, member, pk):
    community = services.home_community(member)
    wish = get_object_or_404(Wish, pk=pk, community=community)
    if wish.status != WishStatus.WAITING and wish.claimer_id == member.pk:
        return redirect("community:my_claims")
    wish.version = posted_version(request, wish)
    try:
        services.claim_wish(wish, member, by=request.user)
    except services.WishTaken as taken:
        messages.warning(request, str(taken))
        return redirect("community:my_community_wishes")
    except services.WishError as error:
        messages.warning(request, str(error))
        return redirect("community:my_community_wishes")
    messages.success(request, _("The wish is yours: “%(content)s”.") % {"content": wish.content})
    return redirect("community:my_claims")


@member_page
def my_claims(request, member):
    return render(request, "community/member/claims.html", {"wishes": my_claims_of(member)})


@member_page
def my_activities(request, member):
    community = services.home_community(member)
    activities = (
        services.joinable_activities(community).order_by("date", "pk")[:100]
        if community
        else VolunteerActivity.objects.none()
    )
    joined = set(
        member.participations.filter(
            volunteer_activity__in=[activity.pk for activity in activities]
        ).values_list("volunteer_activity_id", flat=True)
    )
    context = {"community": community, "activities": activities, "joined": joined}
    return render(request, "community/member/activities.html", context)


@require_POST
@member_page
def my_activity_join(request, member, pk):
    community = services.home_community(member)
    if community is None:
        return redirect("community:my_registration")
    activity = get_object_or_404(services.joinable_activities(community), pk=pk)
    try:
        services.join_activity(member, activity, by=request.user)
    except services.CommunityError as error:
        messages.warning(request, str(error))
    else:
        messages.success(
            request, _("You joined “%(activity)s”. Thank you!") % {"activity": activity.name}
        )
    return redirect("community:my_activities")
