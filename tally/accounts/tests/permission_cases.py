from django.urls import reverse

from tally.testing.permissions import Case, statuses

ADMIN_ONLY_GET = statuses(403, admin=200)


def waiting_passwords(world):
    from tally.accounts.initial_passwords import keep_for_download

    sheet = keep_for_download(world.users["admin"], None, [("newclerk", "新人", "Aa#23456789x")])
    return reverse("accounts:initial_passwords", args=[sheet.pk])


CASES = [
    # A logged-in user asking for the login page is sent home.
    Case("login", lambda w: reverse("login"), statuses(302, anonymous=200)),
    Case("logout", lambda w: reverse("logout"), statuses(302), method="post", login_redirect=False),
    Case("password_change", lambda w: reverse("password_change"), statuses(200)),
    Case("accounts:list", lambda w: reverse("accounts:list"), ADMIN_ONLY_GET),
    Case("accounts:new", lambda w: reverse("accounts:new"), ADMIN_ONLY_GET),
    Case(
        "accounts:new",
        lambda w: reverse("accounts:new"),
        ADMIN_ONLY_GET,
        method="post",
        data=lambda w: {
            "username": "newclerk",
            "display_name": "新人",
            "role": "unit",
            "org": w.street_a.pk,
        },
        label="accounts:new POST",
    ),
    Case(
        "accounts:edit",
        lambda w: reverse("accounts:edit", args=[w.users["clerk"].pk]),
        ADMIN_ONLY_GET,
    ),
    Case(
        "accounts:reset",
        lambda w: reverse("accounts:reset", args=[w.users["clerk"].pk]),
        ADMIN_ONLY_GET,
        method="post",
    ),
    Case(
        "accounts:deactivate",
        lambda w: reverse("accounts:deactivate", args=[w.users["member"].pk]),
        statuses(403, admin=302),
        method="post",
    ),
    Case("accounts:initial_passwords", waiting_passwords, ADMIN_ONLY_GET, method="post"),
]
