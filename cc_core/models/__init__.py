"""The core's models: who the customers are, the little state auth needs, the job queue."""
from ..jobs.models import Job, RecurringRun, WorkerProcess
from .identity import Company, Person
from .state import FormSubmission, LoginFailure, UsedToken

__all__ = ["Company", "Person", "FormSubmission", "LoginFailure", "UsedToken", "Job", "WorkerProcess",
           "RecurringRun"]
