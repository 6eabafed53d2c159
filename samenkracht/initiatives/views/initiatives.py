"""Pages of initiatives: browse, register, change, the detail page, phase, team, needs, news."""

import mimetypes
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, SuspiciousFileOperation, ValidationError
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views import View

from samenkracht.common.errors import ApplicationError
from samenkracht.common.forms import form_add_errors
from samenkracht.initiatives import permissions, selectors, services
from samenkracht.initiatives.forms.initiatives import (
    InitiativeForm,
    MemberAddForm,
    MemberRoleForm,
    NewsForm,
    PhaseForm,
    ResourceForm,
    SearchForm,
)
from samenkracht.initiatives.models import Initiative, InitiativeMember, Resource
from samenkracht.initiatives.views import coalitions
from samenkracht.initiatives.views.access import (
    editable_or_403,
    initiative_or_404,
    person,
    refusal,
)
from samenkracht.people import selectors as people_selectors
from samenkracht.people.models import User

PAGE_SIZE = 20


def _neighbourhood_choices(user: User, initiative: Initiative | None = None) -> Any:
    if initiative is not None:
        return people_selectors.neighbourhood_choices(municipality=initiative.municipality)
    municipality = (
        user.neighbourhood.district.municipality
        if user.neighbourhood is not None
        else user.municipality or people_selectors.municipality_get_default()
    )
    return people_selectors.neighbourhood_choices(municipality=municipality)


# --- browse ----------------------------------------------------------------------------------


class InitiativeListView(View):
    """Every initiative, searchable by word, topic and buurt, a page at a time."""

    def get(self, request: HttpRequest) -> HttpResponse:
        form = SearchForm(
            request.GET or None,
            domains=selectors.policy_domain_list(),
            neighbourhoods=people_selectors.neighbourhood_choices(),
        )
        filters: dict[str, Any] = {}
        if form.is_bound and form.is_valid():
            filters = {
                "text": form.cleaned_data["text"].strip(),
                "domain": form.cleaned_data["domain"],
                "neighbourhood": form.cleaned_data["neighbourhood"],
            }
        page = Paginator(selectors.initiative_list(**filters), PAGE_SIZE).get_page(
            request.GET.get("pagina")
        )
        query = request.GET.copy()
        query.pop("pagina", None)
        return render(
            request,
            "initiatives/initiative_list.html",
            {
                "form": form,
                "page": page,
                "query": query.urlencode(),
                "can_create": permissions.can_create_initiative(request.user),
            },
        )


# --- register and change ---------------------------------------------------------------------


class InitiativeCreateView(LoginRequiredMixin, View):
    def _render(self, request: HttpRequest, form: InitiativeForm, status: int = 200) -> Any:
        return render(
            request,
            "initiatives/initiative_form.html",
            {"form": form, "initiative": None},
            status=status,
        )

    def _form(self, request: HttpRequest, data: Any = None, files: Any = None) -> InitiativeForm:
        user = person(request)
        return InitiativeForm(
            data,
            files,
            neighbourhoods=_neighbourhood_choices(user),
            domains=selectors.policy_domain_list(),
            initial={"neighbourhoods": [user.neighbourhood_id] if user.neighbourhood_id else []},
        )

    def get(self, request: HttpRequest) -> HttpResponse:
        return self._render(request, self._form(request))

    def post(self, request: HttpRequest) -> HttpResponse:
        user = person(request)
        form = self._form(request, request.POST, request.FILES)
        if not form.is_valid():
            return self._render(request, form, status=400)
        try:
            initiative = services.initiative_create(user=user, **form.values())
        except ValidationError as error:
            form_add_errors(form, error)
            return self._render(request, form, status=400)
        messages.success(
            request,
            _("Uw initiatief staat erop. Vertel nu wat u nodig hebt en wie er meedoen."),
        )
        return redirect(initiative)


class InitiativeEditView(LoginRequiredMixin, View):
    def _initiative(self, request: HttpRequest, pk: int) -> tuple[User, Initiative]:
        user = person(request)
        initiative = initiative_or_404(pk)
        if not permissions.is_editor(user, initiative):
            raise PermissionDenied
        return user, initiative

    def _render(
        self,
        request: HttpRequest,
        initiative: Initiative,
        form: InitiativeForm | None,
        page_error: str = "",
        status: int = 200,
    ) -> HttpResponse:
        return render(
            request,
            "initiatives/initiative_form.html",
            {"form": form, "initiative": initiative, "page_error": page_error},
            status=status,
        )

    def _form(
        self, user: User, initiative: Initiative, data: Any = None, files: Any = None
    ) -> InitiativeForm:
        return InitiativeForm(
            data,
            files,
            neighbourhoods=_neighbourhood_choices(user, initiative),
            domains=selectors.policy_domain_list(),
            is_new=False,
            initial={
                "name": initiative.name,
                "goal": initiative.goal,
                "description": initiative.description,
                "domains": [d.pk for d in initiative.domains.all()],
                "neighbourhoods": [n.pk for n in initiative.neighbourhoods.all()],
                "latitude": initiative.latitude,
                "longitude": initiative.longitude,
                "form": initiative.form,
                "website": initiative.website,
            },
        )

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        user, initiative = self._initiative(request, pk)
        problem = permissions.initiative_edit_problem(user, initiative)
        if problem is not None:
            return self._render(request, initiative, None, problem, status=403)
        return self._render(request, initiative, self._form(user, initiative))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        user, initiative = self._initiative(request, pk)
        form = self._form(user, initiative, request.POST, request.FILES)
        if not form.is_valid():
            return self._render(request, initiative, form, status=400)
        try:
            services.initiative_update(initiative=initiative, actor=user, **form.values())
        except ApplicationError as error:
            return self._render(request, initiative, form, error.message, status=400)
        except ValidationError as error:
            form_add_errors(form, error)
            return self._render(request, initiative, form, status=400)
        messages.success(request, _("Uw wijzigingen zijn opgeslagen."))
        return redirect(initiative)


# --- the detail page -------------------------------------------------------------------------


class InitiativeDetailView(View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        initiative = initiative_or_404(pk)
        user = request.user
        is_person = isinstance(user, User)
        members = list(selectors.member_list(initiative=initiative))
        resources = list(selectors.resource_list(initiative=initiative))
        role = (
            selectors.member_role(initiative=initiative, user=user)  # type: ignore[arg-type]
            if is_person
            else None
        )
        return render(
            request,
            "initiatives/initiative_detail.html",
            {
                "initiative": initiative,
                "domains": list(initiative.domains.all()),
                "neighbourhoods": list(initiative.neighbourhoods.all()),
                "places": [
                    {
                        "lat": initiative.latitude,
                        "lon": initiative.longitude,
                        "name": initiative.name,
                    }
                ],
                "phase_changes": list(selectors.phase_change_list(initiative=initiative)),
                "leads": [m for m in members if m.role == InitiativeMember.Role.LEAD],
                "core_team": [m for m in members if m.role == InitiativeMember.Role.MEMBER],
                "volunteers": [m for m in members if m.role == InitiativeMember.Role.VOLUNTEER],
                "needs": [r for r in resources if r.direction == Resource.Direction.NEED],
                "offers": [r for r in resources if r.direction == Resource.Direction.OFFER],
                "updates": list(selectors.update_list(initiative=initiative)[:20]),
                "coalition": selectors.coalition_picture(initiative=initiative),
                "contributions": list(selectors.contribution_list(initiative=initiative)),
                "my_role": role,
                "my_membership": next(
                    (m for m in members if is_person and m.user_id == user.pk), None
                ),
                "is_following": is_person
                and selectors.follow_exists(initiative=initiative, user=user),  # type: ignore[arg-type]
                "can_edit": permissions.can_edit_initiative(user, initiative),
                "is_editor": permissions.is_editor(user, initiative),
                "can_change_phase": permissions.can_change_phase(user, initiative),
                "can_manage_team": permissions.can_manage_team(user, initiative),
                "can_join": permissions.can_join(user, initiative),
                "can_follow": permissions.can_follow(user, initiative),
                "can_contribute": permissions.can_contribute(user, initiative),
            },
        )


class PhotoView(View):
    """Photos of initiatives and their news show public activities: everyone may see them."""

    def get(self, request: HttpRequest, name: str) -> FileResponse:
        stored = f"initiatives/{name}"
        if "\x00" in stored:
            raise Http404
        try:
            if not selectors.photo_exists(name=stored) or not default_storage.exists(stored):
                raise Http404
        except SuspiciousFileOperation as error:
            raise Http404 from error
        content_type, _encoding = mimetypes.guess_type(stored)
        response = FileResponse(default_storage.open(stored, "rb"), content_type=content_type)
        response["Cache-Control"] = "public, max-age=3600"
        response["X-Content-Type-Options"] = "nosniff"
        return response


# --- phase -----------------------------------------------------------------------------------


class PhaseChangeView(LoginRequiredMixin, View):
    def _render(
        self, request: HttpRequest, initiative: Initiative, form: PhaseForm, status: int = 200
    ) -> HttpResponse:
        return render(
            request,
            "initiatives/phase_form.html",
            {
                "initiative": initiative,
                "form": form,
                "phase_changes": list(selectors.phase_change_list(initiative=initiative)),
            },
            status=status,
        )

    def _initiative(self, request: HttpRequest, pk: int) -> tuple[User, Initiative]:
        user = person(request)
        initiative = initiative_or_404(pk)
        if not permissions.can_change_phase(user, initiative):
            raise PermissionDenied
        return user, initiative

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        _user, initiative = self._initiative(request, pk)
        return self._render(request, initiative, PhaseForm())

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        user, initiative = self._initiative(request, pk)
        form = PhaseForm(request.POST)
        if not form.is_valid():
            return self._render(request, initiative, form, status=400)
        try:
            services.initiative_phase_change(initiative=initiative, actor=user, **form.cleaned_data)
        except ValidationError as error:
            form_add_errors(form, error)
            return self._render(request, initiative, form, status=400)
        messages.success(request, _("De fase is aangepast."))
        return redirect(initiative)


# --- team ------------------------------------------------------------------------------------


class TeamView(LoginRequiredMixin, View):
    """The team page: leads add people by username or e-mail address and change roles."""

    def _initiative(self, request: HttpRequest, pk: int) -> tuple[User, Initiative]:
        user = person(request)
        initiative = initiative_or_404(pk)
        if not permissions.can_manage_team(user, initiative):
            raise PermissionDenied
        return user, initiative

    def _render(
        self, request: HttpRequest, initiative: Initiative, form: MemberAddForm, status: int = 200
    ) -> HttpResponse:
        term = request.GET.get("zoek", "").strip()
        return render(
            request,
            "initiatives/team.html",
            {
                "initiative": initiative,
                "form": form,
                "members": list(selectors.member_list(initiative=initiative)),
                "role_form": MemberRoleForm(),
                "roles": InitiativeMember.Role.choices,
                "term": term,
                "found": selectors.user_search(term=term) if term else [],
            },
            status=status,
        )

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        _user, initiative = self._initiative(request, pk)
        return self._render(request, initiative, MemberAddForm())

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        user, initiative = self._initiative(request, pk)
        form = MemberAddForm(request.POST)
        if not form.is_valid():
            return self._render(request, initiative, form, status=400)
        try:
            member = services.member_add(
                initiative=initiative,
                actor=user,
                user=selectors.user_find(identifier=form.cleaned_data["identifier"]),
                role=form.cleaned_data["role"],
            )
        except ValidationError as error:
            form_add_errors(form, ValidationError({"identifier": error.messages}))
            return self._render(request, initiative, form, status=400)
        messages.success(
            request,
            _("%(name)s hoort nu bij het team.") % {"name": member.user.public_name},
        )
        return redirect("initiatives:initiative-team", pk=initiative.pk)


class MemberRoleView(LoginRequiredMixin, View):
    def post(self, request: HttpRequest, pk: int, member_pk: int) -> HttpResponse:
        user = person(request)
        initiative = initiative_or_404(pk)
        member = selectors.member_get(initiative=initiative, pk=member_pk)
        if member is None:
            raise Http404
        form = MemberRoleForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Kies een rol."))
            return redirect("initiatives:initiative-team", pk=initiative.pk)
        try:
            services.member_role_set(
                initiative=initiative, actor=user, member=member, role=form.cleaned_data["role"]
            )
            messages.success(request, _("De rol is aangepast."))
        except (ApplicationError, ValidationError) as error:
            refusal(request, error)
        return redirect("initiatives:initiative-team", pk=initiative.pk)


class MemberRemoveView(LoginRequiredMixin, View):
    """Leads take someone off the team; anyone may leave by themselves."""

    def post(self, request: HttpRequest, pk: int, member_pk: int) -> HttpResponse:
        user = person(request)
        initiative = initiative_or_404(pk)
        member = selectors.member_get(initiative=initiative, pk=member_pk)
        if member is None:
            raise Http404
        is_self = member.user_id == user.pk
        try:
            services.member_remove(initiative=initiative, actor=user, member=member)
        except ApplicationError as error:
            refusal(request, error)
            if is_self:
                return redirect(initiative)
            return redirect("initiatives:initiative-team", pk=initiative.pk)
        if is_self:
            messages.success(request, _("U doet niet meer mee met dit initiatief."))
            return redirect(initiative)
        messages.success(request, _("Deze persoon hoort niet meer bij het team."))
        return redirect("initiatives:initiative-team", pk=initiative.pk)


class JoinView(LoginRequiredMixin, View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        user = person(request)
        initiative = initiative_or_404(pk)
        try:
            services.initiative_join(initiative=initiative, user=user)
            messages.success(
                request,
                _("Fijn dat u meedoet! U krijgt voortaan het nieuws van dit initiatief."),
            )
        except ApplicationError as error:
            refusal(request, error)
        return redirect(initiative)


class FollowView(LoginRequiredMixin, View):
    """Follow the news, or stop (the same button)."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        user = person(request)
        initiative = initiative_or_404(pk)
        if request.POST.get("action") == "remove":
            services.initiative_unfollow(initiative=initiative, user=user)
            messages.success(request, _("U volgt dit initiatief niet meer."))
        else:
            services.initiative_follow(initiative=initiative, user=user)
            messages.success(request, _("U volgt dit initiatief. Nieuws ziet u bij Meldingen."))
        return redirect(initiative)


# --- needs and offers ------------------------------------------------------------------------


class EditorFormView(LoginRequiredMixin, View):
    """A form the initiative's team fills in; the service's refusal shows above the form."""

    template_name: str
    form_class: type[ResourceForm] | type[NewsForm]
    success_message: str
    anchor: str

    def save(self, *, initiative: Initiative, user: User, form: Any) -> None:
        raise NotImplementedError

    def _render(
        self,
        request: HttpRequest,
        initiative: Initiative,
        form: Any,
        page_error: str = "",
        status: int = 200,
    ) -> HttpResponse:
        return render(
            request,
            self.template_name,
            {"initiative": initiative, "form": form, "page_error": page_error},
            status=status,
        )

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        user, initiative = editable_or_403(request, pk)
        problem = permissions.initiative_edit_problem(user, initiative)
        if problem is not None:
            return self._render(request, initiative, None, problem, status=403)
        return self._render(request, initiative, self.form_class())

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        user, initiative = editable_or_403(request, pk)
        form = self.form_class(request.POST, request.FILES)
        if not form.is_valid():
            return self._render(request, initiative, form, status=400)
        try:
            self.save(initiative=initiative, user=user, form=form)
        except ApplicationError as error:
            return self._render(request, initiative, form, error.message, status=400)
        except ValidationError as error:
            form_add_errors(form, error)
            return self._render(request, initiative, form, status=400)
        messages.success(request, _(self.success_message))
        return redirect(initiative.get_absolute_url() + self.anchor)


class ResourceCreateView(EditorFormView):
    template_name = "initiatives/resource_form.html"
    form_class = ResourceForm
    success_message = gettext_noop("Toegevoegd.")
    anchor = "#nodig"

    def save(self, *, initiative: Initiative, user: User, form: Any) -> None:
        services.resource_create(initiative=initiative, actor=user, **form.cleaned_data)


class ResourceActionView(LoginRequiredMixin, View):
    """Publish a need as an ask, mark it arranged, or remove it."""

    def post(self, request: HttpRequest, pk: int, resource_pk: int, action: str) -> HttpResponse:
        user, initiative = editable_or_403(request, pk)
        resource = selectors.resource_get(initiative=initiative, pk=resource_pk)
        if resource is None:
            raise Http404
        try:
            if action == "publiceren":
                services.resource_publish(resource=resource, actor=user)
                messages.success(
                    request, _("Het staat nu bij vragen en aanbod. Buren kunnen reageren.")
                )
            elif action == "geregeld":
                services.resource_fulfil(resource=resource, actor=user)
                messages.success(request, _("Mooi! Dit is geregeld."))
            elif action == "wissen":
                services.resource_delete(resource=resource, actor=user)
                messages.success(request, _("Weggehaald."))
            else:
                raise Http404
        except (ApplicationError, ValidationError) as error:
            refusal(request, error)
        return redirect(initiative.get_absolute_url() + "#nodig")


# --- news ------------------------------------------------------------------------------------


class NewsCreateView(EditorFormView):
    template_name = "initiatives/news_form.html"
    form_class = NewsForm
    success_message = gettext_noop("Uw bericht staat op de tijdlijn.")
    anchor = "#nieuws"

    def save(self, *, initiative: Initiative, user: User, form: Any) -> None:
        services.news_post(
            initiative=initiative,
            author=user,
            text=form.cleaned_data["text"],
            photo=form.cleaned_data.get("photo"),
        )


urlpatterns: list[URLPattern] = [
    # "nieuw/" comes before the id so it is never read as one
    path("initiatieven/", InitiativeListView.as_view(), name="initiative-list"),
    path("initiatieven/nieuw/", InitiativeCreateView.as_view(), name="initiative-create"),
    path("initiatieven/<int:pk>/", InitiativeDetailView.as_view(), name="initiative-detail"),
    path("initiatieven/<int:pk>/wijzigen/", InitiativeEditView.as_view(), name="initiative-edit"),
    path("initiatieven/<int:pk>/fase/", PhaseChangeView.as_view(), name="initiative-phase"),
    path("initiatieven/<int:pk>/team/", TeamView.as_view(), name="initiative-team"),
    path(
        "initiatieven/<int:pk>/team/<int:member_pk>/rol/",
        MemberRoleView.as_view(),
        name="member-role",
    ),
    path(
        "initiatieven/<int:pk>/team/<int:member_pk>/weg/",
        MemberRemoveView.as_view(),
        name="member-remove",
    ),
    path("initiatieven/<int:pk>/meedoen/", JoinView.as_view(), name="initiative-join"),
    path("initiatieven/<int:pk>/volgen/", FollowView.as_view(), name="initiative-follow"),
    path(
        "initiatieven/<int:pk>/nodig-en-aanbod/",
        ResourceCreateView.as_view(),
        name="resource-create",
    ),
    path(
        "initiatieven/<int:pk>/nodig-en-aanbod/<int:resource_pk>/<str:action>/",
        ResourceActionView.as_view(),
        name="resource-action",
    ),
    path("initiatieven/<int:pk>/nieuws/", NewsCreateView.as_view(), name="news-create"),
    path("media/initiatives/<path:name>", PhotoView.as_view(), name="photo"),
    *coalitions.urlpatterns,
]
