"""Support requests: a member organisation asks the Network for help (governance support, problem
solving, advice, peer review, help with documents), with files; staff work through a queue, assign,
reply in the portal and decline; the member's side reads the conversation and replies.

Every list, page, file and email asks the one rule for records an organisation owns
(``access.owned_by`` / ``access.may_see_owned``): staff see all; an entitled organisation's people
their own organisation's; a lapsed organisation's people, visitors and deactivated users nothing.
"""
from flask import Blueprint

bp = Blueprint("support", __name__)


from . import staff_views, views  # noqa: E402,F401  (register the routes)
