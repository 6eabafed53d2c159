"""Neighbourhoods (wijken and buurten) and people's public profiles."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views import View

from samenkracht.people import selectors
from samenkracht.people.forms import NeighbourhoodFilterForm
from samenkracht.people.models import Language
from samenkracht.people.permissions import can_view_people, can_view_person


class NeighbourhoodListView(View):
    def get(self, request: HttpRequest) -> HttpResponse:
        municipality = selectors.municipality_get_default()
        districts = list(selectors.district_list(municipality=municipality)) if municipality else []
        form = NeighbourhoodFilterForm(request.GET or None, districts=districts)
        district_code, search = "", ""
        status = 200
        if form.is_bound:
            if form.is_valid():
                district_code = form.cleaned_data["wijk"]
                search = form.cleaned_data["q"].strip()
            else:
                status = 400
        neighbourhoods = (
            selectors.neighbourhood_list(
                municipality=municipality, district_code=district_code, search=search
            )
            if municipality
            else []
        )
        return render(
            request,
            "people/neighbourhood_list.html",
            {
                "municipality": municipality,
                "districts": districts,
                "neighbourhoods": neighbourhoods,
                "form": form,
                "is_filtered": bool(district_code or search),
            },
            status=status,
        )


class NeighbourhoodDetailView(View):
    def get(self, request: HttpRequest, code: str) -> HttpResponse:
        neighbourhood = selectors.neighbourhood_get(code=code)
        if neighbourhood is None:
            raise Http404
        return render(
            request,
            "people/neighbourhood_detail.html",
            {
                "neighbourhood": neighbourhood,
                "resident_count": selectors.neighbourhood_resident_count(
                    neighbourhood=neighbourhood
                ),
                "professionals": selectors.neighbourhood_professionals(neighbourhood=neighbourhood),
                "organisations": selectors.neighbourhood_organisations(neighbourhood=neighbourhood),
                "can_view_people": can_view_people(request.user),
            },
        )


class PersonDetailView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        person = selectors.person_get(pk=pk)
        # Deleted and inactive people are gone for everyone: 404, not a hint that they existed.
        if person is None or person.is_deleted or not person.is_active:
            raise Http404
        if not can_view_person(request.user, person):
            raise PermissionDenied
        known = set(Language.values)
        languages = [Language(code).label for code in person.languages if code in known]
        return render(
            request,
            "people/person_detail.html",
            {
                "person": person,
                "languages": languages,
                "memberships": selectors.user_memberships(user=person),
            },
        )
