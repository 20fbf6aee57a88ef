from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render
from django.views.decorators.cache import cache_page


@login_not_required
@cache_page(60)
def showcase(request):
    """The public showcase: published reports and bulletins, nothing personal.

    Publishing arrives with the reports module; until then the page says so.
    """
    return render(request, "reports/showcase.html", {"reports": []})
