from django.urls import path

from . import member_views, views

app_name = "community"
urlpatterns = [
    # The staff: the module's index and the wish workflow.
    path("", views.index, name="index"),
    path("wishes/", views.wish_board, name="wish_board"),
    path("wishes/new/", views.wish_publish, name="wish_publish"),
    path("wishes/open/", views.open_wishes, name="open_wishes"),
    path("wishes/<int:pk>/", views.wish_detail, name="wish_detail"),
    path("wishes/<int:pk>/claim-for-unit/", views.wish_claim_for_unit, name="wish_claim_for_unit"),
    path("wishes/<int:pk>/close/", views.wish_close, name="wish_close"),
    # Claimers (members and units).
    path("wishes/<int:pk>/fulfil/", views.wish_fulfil, name="wish_fulfil"),
    path("wishes/<int:pk>/photo/", views.wish_photo, name="wish_photo"),
    # The member's own pages (phone).
    path("me/", member_views.me, name="me"),
    path("me/registration/", member_views.my_registration, name="my_registration"),
    path("me/commitments/", member_views.my_commitments, name="my_commitments"),
    path(
        "me/commitments/<int:pk>/done/",
        member_views.my_commitment_done,
        name="my_commitment_done",
    ),
    path("me/wishes/", member_views.my_community_wishes, name="my_community_wishes"),
    path("me/wishes/<int:pk>/claim/", member_views.my_wish_claim, name="my_wish_claim"),
    path("me/claims/", member_views.my_claims, name="my_claims"),
    path("me/activities/", member_views.my_activities, name="my_activities"),
    path("me/activities/<int:pk>/join/", member_views.my_activity_join, name="my_activity_join"),
]
