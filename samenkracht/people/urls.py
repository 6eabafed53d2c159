from django.urls import path

from samenkracht.people.views import accounts, desk, home, media, organisations, places, profile

app_name = "people"

urlpatterns = [
    # accounts
    path("account/inloggen/", accounts.LoginView.as_view(), name="login"),
    path("account/uitloggen/", accounts.LogoutView.as_view(), name="logout"),
    path("account/aanmelden/", accounts.RegisterView.as_view(), name="register"),
    path(
        "account/bevestigen/<str:token>/", accounts.EmailConfirmView.as_view(), name="email-confirm"
    ),
    path(
        "account/bevestiging-opnieuw/",
        accounts.EmailConfirmResendView.as_view(),
        name="email-confirm-resend",
    ),
    path("account/activeren/", accounts.ActivateView.as_view(), name="activate"),
    path(
        "account/wachtwoord-vergeten/", accounts.PasswordResetView.as_view(), name="password-reset"
    ),
    path(
        "account/wachtwoord-vergeten/verstuurd/",
        accounts.PasswordResetDoneView.as_view(),
        name="password-reset-done",
    ),
    path(
        "account/wachtwoord-instellen/<uidb64>/<token>/",
        accounts.PasswordResetConfirmView.as_view(),
        name="password-reset-confirm",
    ),
    path(
        "account/wachtwoord-ingesteld/",
        accounts.PasswordResetCompleteView.as_view(),
        name="password-reset-complete",
    ),
    path("media/photos/<path:name>", media.PhotoView.as_view(), name="photo"),
    # home pages per role
    path("start/", home.HomeView.as_view(), name="home"),
    # profile, consents, export, deletion, API keys
    path("profiel/", profile.ProfileView.as_view(), name="profile"),
    path("profiel/bewerken/", profile.ProfileEditView.as_view(), name="profile-edit"),
    path("profiel/e-mail/", profile.EmailChangeView.as_view(), name="email-change"),
    path("profiel/toestemming/", profile.ConsentView.as_view(), name="consents"),
    path("profiel/mijn-gegevens/", profile.DataExportView.as_view(), name="data-export"),
    path("profiel/verwijderen/", profile.AccountDeleteView.as_view(), name="account-delete"),
    path("profiel/api-sleutels/", profile.ApiTokenView.as_view(), name="api-tokens"),
    # professional desk (register on behalf, letters)
    path(
        "professional/bewoner-aanmelden/",
        desk.ResidentRegisterView.as_view(),
        name="resident-register",
    ),
    path(
        "professional/bewoner/<int:pk>/brief/",
        desk.ResidentLetterView.as_view(),
        name="resident-letter",
    ),
    path(
        "professional/bewoner/<int:pk>/brief/afdrukken/",
        desk.ResidentLetterShowView.as_view(),
        name="resident-letter-show",
    ),
    # neighbourhoods and people
    path("buurten/", places.NeighbourhoodListView.as_view(), name="neighbourhood-list"),
    path(
        "buurten/<str:code>/",
        places.NeighbourhoodDetailView.as_view(),
        name="neighbourhood-detail",
    ),
    path("mensen/<int:pk>/", places.PersonDetailView.as_view(), name="person-detail"),
    # organisations; "nieuw/" comes before the slug so it is never read as one
    path("organisaties/", organisations.OrganisationListView.as_view(), name="organisation-list"),
    path(
        "organisaties/nieuw/",
        organisations.OrganisationCreateView.as_view(),
        name="organisation-create",
    ),
    path(
        "organisaties/<slug:slug>/",
        organisations.OrganisationDetailView.as_view(),
        name="organisation-detail",
    ),
    path(
        "organisaties/<slug:slug>/bewerken/",
        organisations.OrganisationEditView.as_view(),
        name="organisation-edit",
    ),
    path(
        "organisaties/<slug:slug>/leden/",
        organisations.OrganisationMembersView.as_view(),
        name="organisation-members",
    ),
]
