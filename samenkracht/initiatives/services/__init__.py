"""Every write of the initiatives app; each module re-exported here."""

from samenkracht.initiatives.services.coalitions import (
    partner_add,
    partner_role_add,
    partner_role_change,
    partner_role_end,
)
from samenkracht.initiatives.services.expertise import (
    contribution_create,
    expertise_recognise,
    expertise_revoke,
)
from samenkracht.initiatives.services.initiatives import (
    MAX_PHOTO_BYTES,
    followers_notify,
    initiative_create,
    initiative_follow,
    initiative_join,
    initiative_phase_change,
    initiative_unfollow,
    initiative_update,
    member_add,
    member_remove,
    member_role_set,
    news_post,
    photo_check,
    resource_create,
    resource_delete,
    resource_fulfil,
    resource_publish,
)
from samenkracht.initiatives.services.requests import (
    support_request_decide,
    support_request_message,
    support_request_send,
    support_request_treat,
)

__all__ = [
    "MAX_PHOTO_BYTES",
    "contribution_create",
    "expertise_recognise",
    "expertise_revoke",
    "followers_notify",
    "initiative_create",
    "initiative_follow",
    "initiative_join",
    "initiative_phase_change",
    "initiative_unfollow",
    "initiative_update",
    "member_add",
    "member_remove",
    "member_role_set",
    "news_post",
    "partner_add",
    "partner_role_add",
    "partner_role_change",
    "partner_role_end",
    "photo_check",
    "resource_create",
    "resource_delete",
    "resource_fulfil",
    "resource_publish",
    "support_request_decide",
    "support_request_message",
    "support_request_send",
    "support_request_treat",
]
