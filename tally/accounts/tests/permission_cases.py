from django.urls import reverse

from tally.testing.permissions import Case, statuses

CASES = [
    # A logged-in user asking for the login page is sent home.
    Case("login", lambda w: reverse("login"), statuses(302, anonymous=200)),
    Case("logout", lambda w: reverse("logout"), statuses(302), method="post", login_redirect=False),
    Case("password_change", lambda w: reverse("password_change"), statuses(200)),
]
