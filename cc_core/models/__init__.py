"""The core's models: who the customers are and the little state auth needs."""
from .identity import Company, Person
from .state import FormSubmission, LoginCounter, LoginFailure, RevokedSession, UsedToken

__all__ = ["Company", "Person", "FormSubmission", "LoginCounter", "LoginFailure", "RevokedSession", "UsedToken"]
