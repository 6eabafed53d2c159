"""Pages of coalitions (partners and their roles) and of wijkspecialisten and their advice."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views import View

from samenkracht.common.errors import ApplicationError
from samenkracht.common.forms import form_add_errors
from samenkracht.initiatives import permissions, selectors, services
from samenkracht.initiatives.forms.initiatives import (
    ContributionForm,
    ExpertiseForm,
    PartnerForm,
    PartnerRoleChangeForm,
    PartnerRoleEndForm,
)
from samenkracht.initiatives.models import Initiative, PartnerRole
from samenkracht.initiatives.views.access import (
    editable_or_403,
    initiative_or_404,
    person,
    refusal,
)
from samenkracht.people import selectors as people_selectors
from samenkracht.people.models import User
from samenkracht.people.permissions import is_admin, is_official, is_professional


class CoalitionView(LoginRequiredMixin, View):
    """The coalition page: add a partner with a role; change and end roles, history kept."""

    def _render(
        self,
        request: HttpRequest,
        initiative: Initiative,
        form: PartnerForm | None,
        page_error: str = "",
        status: int = 200,
    ) -> HttpResponse:
        return render(
            request,
            "initiatives/coalition.html",
            {
                "initiative": initiative,
                "form": form,
                "page_error": page_error,
                "partners": list(selectors.partner_list(initiative=initiative)),
                "roles": PartnerRole.Role.choices,
                "can_edit": permissions.can_edit_initiative(request.user, initiative),
            },
            status=status,
        )

    def _form(self, initiative: Initiative, data: Any = None) -> PartnerForm:
        return PartnerForm(
            data, organisations=selectors.organisation_choices(initiative=initiative)
        )

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        user, initiative = editable_or_403(request, pk)
        problem = permissions.initiative_edit_problem(user, initiative)
        form = self._form(initiative) if problem is None else None
        return self._render(request, initiative, form, problem or "")

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        user, initiative = editable_or_403(request, pk)
        form = self._form(initiative, request.POST)
        if not form.is_valid():
            return self._render(request, initiative, form, status=400)
        data = form.cleaned_data
        identifier = (data.get("person") or "").strip()
        person_found = selectors.user_find(identifier=identifier) if identifier else None
        if identifier and person_found is None:
            form.add_error("person", _("Deze persoon is niet gevonden."))
            return self._render(request, initiative, form, status=400)
        try:
            partner = services.partner_add(
                initiative=initiative,
                actor=user,
                organisation=data.get("organisation"),
                person=person_found,
                role=data["role"],
                starts_on=data["starts_on"],
                ends_on=data.get("ends_on"),
                note=data.get("note", ""),
            )
        except ApplicationError as error:
            return self._render(request, initiative, form, error.message, status=400)
        except ValidationError as error:
            form_add_errors(form, error)
            return self._render(request, initiative, form, status=400)
        messages.success(request, _("%(name)s is nu partner.") % {"name": str(partner)})
        return redirect("initiatives:coalition", pk=initiative.pk)


def _role_or_404(initiative: Initiative, role_pk: int) -> PartnerRole:
    partner_role = (
        PartnerRole.objects.select_related("partner__initiative")
        .filter(pk=role_pk, partner__initiative=initiative)
        .first()
    )
    if partner_role is None:
        raise Http404
    return partner_role


class PartnerRoleChangeView(LoginRequiredMixin, View):
    def post(self, request: HttpRequest, pk: int, role_pk: int) -> HttpResponse:
        user, initiative = editable_or_403(request, pk)
        partner_role = _role_or_404(initiative, role_pk)
        form = PartnerRoleChangeForm(request.POST)
        if not form.is_valid():
            messages.error(
                request, " ".join(str(e) for errors in form.errors.values() for e in errors)
            )
            return redirect("initiatives:coalition", pk=initiative.pk)
        try:
            services.partner_role_change(partner_role=partner_role, actor=user, **form.cleaned_data)
            messages.success(
                request, _("De rol is veranderd. De oude rol blijft in de geschiedenis.")
            )
        except (ApplicationError, ValidationError) as error:
            refusal(request, error)
        return redirect("initiatives:coalition", pk=initiative.pk)


class PartnerRoleEndView(LoginRequiredMixin, View):
    def post(self, request: HttpRequest, pk: int, role_pk: int) -> HttpResponse:
        user, initiative = editable_or_403(request, pk)
        partner_role = _role_or_404(initiative, role_pk)
        form = PartnerRoleEndForm(request.POST)
        if not form.is_valid():
            messages.error(
                request, " ".join(str(e) for errors in form.errors.values() for e in errors)
            )
            return redirect("initiatives:coalition", pk=initiative.pk)
        try:
            services.partner_role_end(
                partner_role=partner_role, actor=user, ends_on=form.cleaned_data["ends_on"]
            )
            messages.success(request, _("De rol is beëindigd."))
        except (ApplicationError, ValidationError) as error:
            refusal(request, error)
        return redirect("initiatives:coalition", pk=initiative.pk)


class ContributionCreateView(LoginRequiredMixin, View):
    """A wijkspecialist gives advice on the initiative."""

    def _initiative(self, request: HttpRequest, pk: int) -> tuple[User, Initiative]:
        user = person(request)
        initiative = initiative_or_404(pk)
        if not permissions.can_contribute(user, initiative):
            raise PermissionDenied
        return user, initiative

    def _render(
        self,
        request: HttpRequest,
        initiative: Initiative,
        form: ContributionForm,
        status: int = 200,
    ) -> HttpResponse:
        return render(
            request,
            "initiatives/contribution_form.html",
            {"initiative": initiative, "form": form},
            status=status,
        )

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        _user, initiative = self._initiative(request, pk)
        return self._render(request, initiative, ContributionForm())

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        user, initiative = self._initiative(request, pk)
        form = ContributionForm(request.POST)
        if not form.is_valid():
            return self._render(request, initiative, form, status=400)
        try:
            services.contribution_create(
                user=user, initiative=initiative, text=form.cleaned_data["text"]
            )
        except ValidationError as error:
            form_add_errors(form, error)
            return self._render(request, initiative, form, status=400)
        messages.success(request, _("Dank u wel voor uw advies."))
        return redirect(initiative.get_absolute_url() + "#advies")


def _can_recognise_anywhere(user: User) -> bool:
    return is_admin(user) or is_official(user) or is_professional(user)


def _municipality_id(user: Any) -> int | None:
    """Administrators see every municipality's wijkspecialisten, others their own's."""
    if is_admin(user):
        return None
    municipality = user.municipality or people_selectors.municipality_get_default()
    return municipality.pk if municipality is not None else None


class ExpertiseView(LoginRequiredMixin, View):
    """Officials and professionals see the wijkspecialisten and recognise new ones."""

    def _form(self, user: User, data: Any = None) -> ExpertiseForm:
        if is_professional(user) and not is_admin(user):
            neighbourhoods = people_selectors.professional_neighbourhoods(professional=user)
        else:
            neighbourhoods = people_selectors.neighbourhood_choices(
                municipality=user.municipality or people_selectors.municipality_get_default()
            )
        return ExpertiseForm(
            data, domains=selectors.policy_domain_list(), neighbourhoods=neighbourhoods
        )

    def _render(self, request: HttpRequest, form: ExpertiseForm, status: int = 200) -> HttpResponse:
        return render(
            request,
            "initiatives/expertise.html",
            {
                "form": form,
                "experts": list(
                    selectors.expertise_list(municipality_id=_municipality_id(request.user))
                ),
            },
            status=status,
        )

    def _user(self, request: HttpRequest) -> User:
        user = person(request)
        if not _can_recognise_anywhere(user):
            raise PermissionDenied
        return user

    def get(self, request: HttpRequest) -> HttpResponse:
        return self._render(request, self._form(self._user(request)))

    def post(self, request: HttpRequest) -> HttpResponse:
        user = self._user(request)
        form = self._form(user, request.POST)
        if not form.is_valid():
            return self._render(request, form, status=400)
        data = form.cleaned_data
        try:
            expertise = services.expertise_recognise(
                actor=user,
                user=selectors.user_find(identifier=data["identifier"]),
                domain=data["domain"],
                neighbourhood=data["neighbourhood"],
                motivation=data.get("motivation", ""),
            )
        except PermissionDenied as error:
            form.add_error(None, str(error))
            return self._render(request, form, status=403)
        except ValidationError as error:
            if "user" in getattr(error, "message_dict", {}):
                error = ValidationError({"identifier": error.message_dict["user"]})
            form_add_errors(form, error)
            return self._render(request, form, status=400)
        messages.success(
            request,
            _("%(name)s is nu wijkspecialist.") % {"name": expertise.user.public_name},
        )
        return redirect("initiatives:expertise")


urlpatterns: list[URLPattern] = [
    path("initiatieven/<int:pk>/partners/", CoalitionView.as_view(), name="coalition"),
    path(
        "initiatieven/<int:pk>/partners/rollen/<int:role_pk>/veranderen/",
        PartnerRoleChangeView.as_view(),
        name="partner-role-change",
    ),
    path(
        "initiatieven/<int:pk>/partners/rollen/<int:role_pk>/beeindigen/",
        PartnerRoleEndView.as_view(),
        name="partner-role-end",
    ),
    path(
        "initiatieven/<int:pk>/advies/",
        ContributionCreateView.as_view(),
        name="contribution-create",
    ),
    path("wijkspecialisten/", ExpertiseView.as_view(), name="expertise"),
]
