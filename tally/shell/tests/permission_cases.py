from django.urls import reverse

from tally.testing.permissions import Case, statuses

CASES = [
    Case("home", lambda w: reverse("home"), statuses(200)),
    Case("healthz", lambda w: reverse("healthz"), statuses(200, anonymous=200)),
    Case(
        "set_language",
        lambda w: reverse("set_language"),
        statuses(302, anonymous=302),
        method="post",
        data=lambda w: {"language": "en", "next": "/"},
        login_redirect=False,
    ),
    Case("showcase:index", lambda w: reverse("showcase:index"), statuses(200, anonymous=200)),
]
