"""Who the guidance permission matrices test. `guidance_editor` wrote the versions in the test
world; `guidance_reviewer` is a second editor; `member` and `editor` belong to the piloting
organisation; `other_org_admin` to another one."""

PERSONAS = [
    "anonymous",
    "outsider",
    "member",
    "editor",
    "other_org_admin",
    "guidance_editor",
    "guidance_reviewer",
    "guidance_editor_without_mfa",
    "site_admin",
]
LOGIN = "login"  # a redirect to the sign-in page
