"""The core's models: who the customers are, the little state auth needs, the job queue, the inbound mail ledger."""
from ..jobs.models import Job, RecurringRun, WorkerProcess
from .api_access import ApiToken, IdempotentResult
from .identity import Company, Person
from .inbound import InboundMail
from .state import FormSubmission, LoginCounter, LoginFailure, RevokedSession, UsedToken

__all__ = ["Company", "Person", "FormSubmission", "LoginCounter", "LoginFailure", "RevokedSession", "UsedToken",
           "Job", "WorkerProcess", "RecurringRun", "InboundMail",
           "ApiToken", "IdempotentResult"]
