"""Who the community permission matrices test: `member` belongs to an organisation, `outsider` is a
signed-in member of the public, `organiser` has the meeting organiser role, `moderator` the forum
moderator role."""

PERSONAS = ["anonymous", "outsider", "member", "organiser", "moderator", "site_admin"]
LOGIN = "login"  # a redirect to the sign-in page
