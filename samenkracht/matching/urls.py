from django.urls import path

from samenkracht.matching.views import contacts, desk, listings, notifications, posting

app_name = "matching"

urlpatterns = [
    # asks and offers
    path("ik-vraag/", posting.AskPostView.as_view(), name="ask-create"),
    path("ik-bied/", posting.OfferPostView.as_view(), name="offer-create"),
    path("vragen-en-aanbod/", listings.ListingBrowseView.as_view(), name="listing-list"),
    path("vragen-en-aanbod/mijn/", listings.ListingMineView.as_view(), name="listing-mine"),
    path("vragen-en-aanbod/<int:pk>/", listings.ListingDetailView.as_view(), name="listing-detail"),
    path(
        "vragen-en-aanbod/<int:pk>/wijzigen/",
        listings.ListingEditView.as_view(),
        name="listing-edit",
    ),
    path(
        "vragen-en-aanbod/<int:pk>/status/",
        listings.ListingStatusView.as_view(),
        name="listing-status",
    ),
    path(
        "vragen-en-aanbod/<int:pk>/reageren/",
        listings.ContactRequestView.as_view(),
        name="contact-request",
    ),
    # contacts
    path("contacten/", contacts.ContactListView.as_view(), name="contact-list"),
    path("contacten/<int:pk>/", contacts.ContactDetailView.as_view(), name="contact-detail"),
    path(
        "contacten/<int:pk>/antwoord/",
        contacts.ContactRespondView.as_view(),
        name="contact-respond",
    ),
    path("contacten/<int:pk>/melden/", contacts.ContactReportView.as_view(), name="contact-report"),
    path(
        "contacten/<int:pk>/blokkeren/", contacts.ContactBlockView.as_view(), name="contact-block"
    ),
    path(
        "contacten/<int:pk>/is-het-gelukt/",
        contacts.ContactOutcomeView.as_view(),
        name="contact-outcome",
    ),
    path(
        "contacten/<int:pk>/hoe-lang/",
        contacts.ContactOutcomeHoursView.as_view(),
        name="contact-outcome-hours",
    ),
    # notifications
    path("meldingen/", notifications.NotificationListView.as_view(), name="notification-list"),
    path(
        "meldingen/e-mail/",
        notifications.DigestPreferenceView.as_view(),
        name="digest-preference",
    ),
    # the sociaal makelaar's desk
    path("balie/<str:code>/", desk.DeskView.as_view(), name="desk"),
    path("balie/<str:code>/voorstellen/", desk.DeskIntroduceView.as_view(), name="desk-introduce"),
]
