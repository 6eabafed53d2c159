from django.urls import path

from samenkracht.budgeting.views import assistance, ballots, proposals, results, rounds

app_name = "budgeting"

urlpatterns = [
    # rounds; "nieuw/" comes before the id so it is never read as one
    path("burgerbegroting/", rounds.RoundListView.as_view(), name="round-list"),
    path("burgerbegroting/nieuw/", rounds.RoundCreateView.as_view(), name="round-create"),
    path("burgerbegroting/<int:pk>/", rounds.RoundDetailView.as_view(), name="round-detail"),
    path("burgerbegroting/<int:pk>/wijzigen/", rounds.RoundEditView.as_view(), name="round-edit"),
    # proposals
    path(
        "burgerbegroting/<int:pk>/voorstel-indienen/",
        proposals.ProposalSubmitView.as_view(),
        name="proposal-submit",
    ),
    path(
        "burgerbegroting/voorstellen/<int:pk>/",
        proposals.ProposalDetailView.as_view(),
        name="proposal-detail",
    ),
    path(
        "burgerbegroting/voorstellen/<int:pk>/wijzigen/",
        proposals.ProposalEditView.as_view(),
        name="proposal-edit",
    ),
    path(
        "burgerbegroting/voorstellen/<int:pk>/intrekken/",
        proposals.ProposalWithdrawView.as_view(),
        name="proposal-withdraw",
    ),
    path(
        "burgerbegroting/voorstellen/<int:pk>/steunen/",
        proposals.ProposalSupportView.as_view(),
        name="proposal-support",
    ),
    path(
        "burgerbegroting/voorstellen/<int:pk>/volgen/",
        proposals.ProposalFollowView.as_view(),
        name="proposal-follow",
    ),
    path(
        "burgerbegroting/voorstellen/<int:pk>/toets/",
        proposals.FeasibilityView.as_view(),
        name="proposal-feasibility",
    ),
    path(
        "burgerbegroting/voorstellen/<int:pk>/uitvoering/",
        proposals.DeliveryUpdateView.as_view(),
        name="proposal-delivery",
    ),
    path("media/proposals/<path:name>", proposals.ProposalPhotoView.as_view(), name="photo"),
    # voting
    path("burgerbegroting/<int:pk>/stemmen/", ballots.BallotView.as_view(), name="ballot"),
    path(
        "burgerbegroting/<int:pk>/stemmen/code/",
        ballots.CodeEntryView.as_view(),
        name="ballot-code-entry",
    ),
    path(
        "burgerbegroting/<int:pk>/stemmen/met-code/",
        ballots.CodeBallotView.as_view(),
        name="ballot-code",
    ),
    path(
        "burgerbegroting/<int:pk>/stemmen/helpen/",
        assistance.AssistStartView.as_view(),
        name="ballot-assist",
    ),
    path(
        "burgerbegroting/<int:pk>/stemmen/voor-bewoner/",
        ballots.AssistedBallotView.as_view(),
        name="ballot-assisted",
    ),
    path(
        "burgerbegroting/<int:pk>/stemmen/ontvangen/",
        ballots.ReceiptView.as_view(),
        name="ballot-receipt",
    ),
    path("burgerbegroting/<int:pk>/brieven/", assistance.LettersView.as_view(), name="letters"),
    path(
        "burgerbegroting/<int:pk>/brieven/afdrukken/",
        assistance.LettersPrintView.as_view(),
        name="letters-print",
    ),
    # results and delivery
    path("burgerbegroting/<int:pk>/uitslag/", results.ResultsView.as_view(), name="results"),
    path(
        "burgerbegroting/<int:pk>/uitslag/berekenen/",
        rounds.ResultComputeView.as_view(),
        name="result-compute",
    ),
    path("burgerbegroting/<int:pk>/open-data.pb", results.OpenDataView.as_view(), name="open-data"),
    path(
        "burgerbegroting/<int:pk>/uitvoering/",
        results.DeliveryOverviewView.as_view(),
        name="delivery",
    ),
]
