"""Who the Design Lab permission matrices test, all against one lab (`lab_world` in conftest.py):

- `participant`: accepted into this lab; `invitee`: invited to it, not yet accepted;
- `other_participant`: accepted into another lab;
- `partner_staff`: a member of the lab's partner organisation;
- `facilitator`: facilitates this lab; `other_facilitator`: has the role but not this lab;
- `outsider`: signed in, nothing to do with any lab; `site_admin`."""

PERSONAS = [
    "anonymous",
    "outsider",
    "invitee",
    "participant",
    "other_participant",
    "partner_staff",
    "facilitator",
    "other_facilitator",
    "site_admin",
]
LOGIN = "login"  # a redirect to the sign-in page
