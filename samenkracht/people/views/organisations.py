"""Organisations of the three O's: list, detail, create, edit and members."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from samenkracht.common.errors import ApplicationError
from samenkracht.common.forms import form_add_errors
from samenkracht.people import selectors, services
from samenkracht.people.forms import (
    MembershipAddForm,
    MembershipRoleForm,
    OrganisationFilterForm,
    OrganisationForm,
)
from samenkracht.people.models import Membership, Organisation, User
from samenkracht.people.permissions import (
    can_create_organisation,
    can_edit_organisation,
    can_view_people,
)

ORGANISATION_FIELDS = [
    "name",
    "kind",
    "domain",
    "description",
    "website",
    "email",
    "phone",
    "neighbourhood",
]


def _organisation_or_404(slug: str) -> Organisation:
    organisation = selectors.organisation_get(slug=slug)
    if organisation is None:
        raise Http404
    return organisation


class OrganisationListView(View):
    def get(self, request: HttpRequest) -> HttpResponse:
        form = OrganisationFilterForm(request.GET or None)
        domain, status = "", 200
        if form.is_bound:
            if form.is_valid():
                domain = form.cleaned_data["domein"]
            else:
                status = 400
        municipality = selectors.municipality_get_default()
        organisations = (
            selectors.organisation_list(municipality=municipality, domain=domain)
            if municipality
            else []
        )
        return render(
            request,
            "people/organisation_list.html",
            {
                "form": form,
                "organisations": organisations,
                "is_filtered": bool(domain),
                "can_create": can_create_organisation(request.user),
            },
            status=status,
        )


class OrganisationDetailView(View):
    def get(self, request: HttpRequest, slug: str) -> HttpResponse:
        organisation = _organisation_or_404(slug)
        user = request.user
        return render(
            request,
            "people/organisation_detail.html",
            {
                "organisation": organisation,
                # Members are people: like profiles, only signed-in people see who they are.
                "can_view_members": can_view_people(user),
                "can_edit": can_edit_organisation(user, organisation),
            },
        )


class OrganisationCreateView(LoginRequiredMixin, View):
    def _render(
        self, request: HttpRequest, form: OrganisationForm, status: int = 200
    ) -> HttpResponse:
        return render(
            request,
            "people/organisation_form.html",
            {"form": form, "organisation": None},
            status=status,
        )

    def get(self, request: HttpRequest) -> HttpResponse:
        if not can_create_organisation(request.user):
            raise PermissionDenied
        return self._render(request, OrganisationForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        assert isinstance(user, User)
        if not can_create_organisation(user):
            raise PermissionDenied
        form = OrganisationForm(request.POST)
        if not form.is_valid():
            return self._render(request, form, status=400)
        municipality = selectors.municipality_get_default()
        if municipality is None:
            form.add_error(
                None, _("Er is nog geen gemeente ingesteld. Vraag de beheerder om hulp.")
            )
            return self._render(request, form, status=400)
        try:
            organisation = services.organisation_create(
                created_by=user, municipality=municipality, **form.cleaned_data
            )
        except ValidationError as error:
            form_add_errors(form, error)
            return self._render(request, form, status=400)
        messages.success(
            request, _("De organisatie is gemaakt. U bent de beheerder van de organisatie.")
        )
        return redirect(organisation)


class OrganisationEditView(LoginRequiredMixin, View):
    def _organisation(self, request: HttpRequest, slug: str) -> Organisation:
        organisation = _organisation_or_404(slug)
        if not can_edit_organisation(request.user, organisation):
            raise PermissionDenied
        return organisation

    def _render(
        self,
        request: HttpRequest,
        form: OrganisationForm,
        organisation: Organisation,
        status: int = 200,
    ) -> HttpResponse:
        return render(
            request,
            "people/organisation_form.html",
            {"form": form, "organisation": organisation},
            status=status,
        )

    def get(self, request: HttpRequest, slug: str) -> HttpResponse:
        organisation = self._organisation(request, slug)
        initial = {field: getattr(organisation, field) for field in ORGANISATION_FIELDS}
        return self._render(request, OrganisationForm(initial=initial), organisation)

    def post(self, request: HttpRequest, slug: str) -> HttpResponse:
        organisation = self._organisation(request, slug)
        form = OrganisationForm(request.POST)
        if not form.is_valid():
            return self._render(request, form, organisation, status=400)
        changes = dict(form.cleaned_data)
        if not changes["domain"]:
            # An empty choice keeps the current domain rather than clearing it.
            del changes["domain"]
        try:
            services.organisation_update(organisation=organisation, **changes)
        except (ValidationError, ApplicationError) as error:
            organisation.refresh_from_db()
            if isinstance(error, ApplicationError):
                form.add_error(None, error.message)
            else:
                form_add_errors(form, error)
            return self._render(request, form, organisation, status=400)
        messages.success(request, _("De gegevens van de organisatie zijn opgeslagen."))
        return redirect(organisation)


class OrganisationMembersView(LoginRequiredMixin, View):
    """An organisation's admin adds people, changes their role or removes them."""

    def _organisation(self, request: HttpRequest, slug: str) -> Organisation:
        organisation = _organisation_or_404(slug)
        if not can_edit_organisation(request.user, organisation):
            raise PermissionDenied
        return organisation

    def _render(
        self,
        request: HttpRequest,
        organisation: Organisation,
        *,
        add_form: MembershipAddForm | None = None,
        failed_role_form: MembershipRoleForm | None = None,
        page_error: str = "",
        status: int = 200,
    ) -> HttpResponse:
        rows = []
        for membership in organisation.memberships.all():
            role_form = MembershipRoleForm(
                initial={"membership": membership.pk, "role": membership.role},
                auto_id=f"id_lid{membership.pk}_%s",
                role_label=_("Rol van %(name)s") % {"name": membership.user.public_name},
            )
            if failed_role_form is not None and (
                failed_role_form.data.get("membership") == str(membership.pk)
            ):
                role_form = failed_role_form
            rows.append((membership, role_form))
        return render(
            request,
            "people/organisation_members.html",
            {
                "organisation": organisation,
                "rows": rows,
                "add_form": add_form or MembershipAddForm(),
                "page_error": page_error,
            },
            status=status,
        )

    def get(self, request: HttpRequest, slug: str) -> HttpResponse:
        return self._render(request, self._organisation(request, slug))

    def post(self, request: HttpRequest, slug: str) -> HttpResponse:
        organisation = self._organisation(request, slug)
        action = request.POST.get("action")
        if action == "add":
            return self._add(request, organisation)
        if action == "role":
            return self._change_role(request, organisation)
        if action == "remove":
            return self._remove(request, organisation)
        return self._render(
            request, organisation, page_error=_("Dit kunnen wij niet doen."), status=400
        )

    def _add(self, request: HttpRequest, organisation: Organisation) -> HttpResponse:
        form = MembershipAddForm(request.POST)
        if not form.is_valid():
            return self._render(request, organisation, add_form=form, status=400)
        # By username only: an e-mail address would let anyone test who has an account.
        person = selectors.user_get_by_username(username=form.cleaned_data["person"])
        if person is None or person.is_deleted or not person.is_active:
            form.add_error("person", _("Wij kennen niemand met deze gebruikersnaam."))
            return self._render(request, organisation, add_form=form, status=400)
        if selectors.membership_get(organisation=organisation, user=person) is not None:
            form.add_error(
                "person",
                _("Deze persoon is al lid. Verander de rol in de lijst met leden."),
            )
            return self._render(request, organisation, add_form=form, status=400)
        try:
            services.membership_set(
                organisation=organisation, user=person, role=form.cleaned_data["role"]
            )
        except ValidationError as error:
            form_add_errors(form, error)
            return self._render(request, organisation, add_form=form, status=400)
        except ApplicationError as error:
            form.add_error(None, error.message)
            return self._render(request, organisation, add_form=form, status=400)
        messages.success(
            request,
            _("%(name)s is nu lid van %(organisation)s.")
            % {"name": person.public_name, "organisation": organisation.name},
        )
        return redirect("people:organisation-members", slug=organisation.slug)

    def _membership(self, request: HttpRequest, organisation: Organisation) -> Membership | None:
        try:
            pk = int(request.POST.get("membership", ""))
        except ValueError:
            return None
        return selectors.membership_get_by_id(organisation=organisation, pk=pk)

    def _change_role(self, request: HttpRequest, organisation: Organisation) -> HttpResponse:
        membership = self._membership(request, organisation)
        if membership is None:
            return self._render(
                request, organisation, page_error=_("Dit lid bestaat niet."), status=400
            )
        form = MembershipRoleForm(
            request.POST,
            auto_id=f"id_lid{membership.pk}_%s",
            role_label=_("Rol van %(name)s") % {"name": membership.user.public_name},
        )
        if not form.is_valid():
            return self._render(request, organisation, failed_role_form=form, status=400)
        try:
            services.membership_set(
                organisation=organisation, user=membership.user, role=form.cleaned_data["role"]
            )
        except ValidationError as error:
            form_add_errors(form, error)
            return self._render(request, organisation, failed_role_form=form, status=400)
        except ApplicationError as error:
            form.add_error("role", error.message)
            return self._render(
                request,
                organisation,
                failed_role_form=form,
                page_error=error.message,
                status=400,
            )
        messages.success(
            request,
            _("De rol van %(name)s is nu: %(role)s.")
            % {
                "name": membership.user.public_name,
                "role": Membership.Role(form.cleaned_data["role"]).label,
            },
        )
        return redirect("people:organisation-members", slug=organisation.slug)

    def _remove(self, request: HttpRequest, organisation: Organisation) -> HttpResponse:
        membership = self._membership(request, organisation)
        if membership is None:
            return self._render(
                request, organisation, page_error=_("Dit lid bestaat niet."), status=400
            )
        try:
            services.membership_remove(membership=membership)
        except ApplicationError as error:
            return self._render(request, organisation, page_error=error.message, status=400)
        messages.success(
            request,
            _("%(name)s is geen lid meer van %(organisation)s.")
            % {"name": membership.user.public_name, "organisation": organisation.name},
        )
        if not can_edit_organisation(request.user, organisation):
            return redirect(organisation)
        return redirect("people:organisation-members", slug=organisation.slug)
