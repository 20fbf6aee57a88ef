from django.conf import settings

from . import nav


def shell(request):
    return {"nav_items": nav.items_for(request), "site_development": settings.DEVELOPMENT}
