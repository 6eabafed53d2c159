from django.urls import path

from samenkracht.exchange.views import accounts, pool, statements, transfers

app_name = "exchange"

urlpatterns = [
    path("tijdbank/", accounts.ExchangeHomeView.as_view(), name="home"),
    path("tijdbank/sturen/", transfers.TransferSendView.as_view(), name="send"),
    path("tijdbank/bedanken/<int:contact_id>/", transfers.ThankView.as_view(), name="thank"),
    path(
        "tijdbank/overboekingen/<uuid:pk>/bevestigen/",
        transfers.PendingResolveView.as_view(is_post=True),
        name="confirm",
    ),
    path(
        "tijdbank/overboekingen/<uuid:pk>/weigeren/",
        transfers.PendingResolveView.as_view(is_post=False),
        name="decline",
    ),
    path(
        "tijdbank/overboekingen/<uuid:pk>/corrigeren/",
        transfers.TransferReverseView.as_view(),
        name="reverse",
    ),
    path("tijdbank/afschrift/", statements.StatementLatestView.as_view(), name="statement-latest"),
    path(
        "tijdbank/rekeningen/<uuid:pk>/afschrift/<int:year>/<int:month>/",
        statements.StatementView.as_view(),
        name="statement",
    ),
    path(
        "tijdbank/rekeningen/<uuid:pk>/afschrift/<int:year>/<int:month>/afschrift.pdf",
        statements.StatementPdfView.as_view(),
        name="statement-pdf",
    ),
    path("tijdbank/gemeenschapspot/", pool.PoolView.as_view(), name="pool"),
    path("tijdbank/buurten/", pool.NeighbourhoodListView.as_view(), name="neighbourhoods"),
    path(
        "tijdbank/buurten/<str:code>/",
        pool.NeighbourhoodStatsView.as_view(),
        name="neighbourhood-stats",
    ),
]
