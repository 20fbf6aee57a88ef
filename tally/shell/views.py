from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from tally.accounts.scoping import home_org

from .home import panels_for


def home(request):
    context = {"org": home_org(request.user), "panels": panels_for(request)}
    return render(request, "shell/home.html", context)


@login_not_required
@never_cache
def healthz(request):
    """For load balancers and monitoring: the process answers and the database too."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return JsonResponse({"status": "ok"})
