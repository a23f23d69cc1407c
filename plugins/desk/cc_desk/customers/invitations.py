"""Mail a person a link to choose their password (not committed yet)."""


def send_invitation(request, person):
    raise RuntimeError("pending the core's token helper")
