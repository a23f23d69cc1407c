"""The FAQ's demo data: a few topics with realistic articles at each visibility."""
from __future__ import annotations

import sqlalchemy as sa

from . import service
from .access import CUSTOMERS, INTERNAL, PUBLIC
from .models import Folder

# (folder name, visibility, description, parent name or None, [(question, visibility, answer)])
DEMO = [
    ("Getting started", PUBLIC, "The first steps in the customer centre.", None, [
        ("How do I create an account?", PUBLIC,
         "Choose **Create an account** under the login form, enter your work e-mail address and follow the "
         "link in the confirmation e-mail we send you.\n\nThe link is valid for 24 hours. If it has expired, "
         "simply register again."),
        ("What can I do in the customer centre?", PUBLIC,
         "You can:\n\n- post support requests and follow their progress,\n- answer our questions and attach "
         "files,\n- read the answers to frequently asked questions here in the FAQ.\n\nPersons with company "
         "access also see every request of their company."),
        ("Which browsers are supported?", PUBLIC,
         "The customer centre works in current versions of Firefox, Chrome, Edge and Safari, on computers, "
         "tablets and phones. It also works without JavaScript."),
    ]),
    ("Account and login", PUBLIC, "Passwords, e-mail addresses and signing in.", None, [
        ("How do I reset my password?", PUBLIC,
         "1. Go to the login page and choose **Forgot your password?**\n2. Enter your e-mail address.\n"
         "3. Follow the link in the e-mail to choose a new password.\n\nFor your security the link works "
         "once and expires after an hour."),
        ("Why is my account locked?", PUBLIC,
         "After several failed login attempts we pause logins to your account for a quarter of an hour. "
         "Wait, then try again, or reset your password."),
        ("How do I change my e-mail address?", CUSTOMERS,
         "Open **Preferences**, choose *E-mail address* and enter the new address. We send a confirmation "
         "link to the new address; the change takes effect when you follow it."),
    ]),
    ("Billing and invoices", CUSTOMERS, "Invoices, payment terms and credit notes.", None, [
        ("When will I receive my invoice?", PUBLIC,
         "Invoices are sent by e-mail on the first working day of each month, for the previous month's "
         "usage. Payment terms are 30 days net."),
        ("How do I get a copy of an old invoice?", CUSTOMERS,
         "Post a request in the category *Billing* with the invoice number or month, and we send you a copy "
         "as a PDF attachment."),
        ("Can I pay by direct debit?", CUSTOMERS,
         "Yes. Managers can ask for direct debit (AvtaleGiro in Norway) in a request; the change applies "
         "from the next invoice."),
    ]),
    ("Product guides", PUBLIC, "How to set up and use our products.", None, [
        ("How do I export my data to CSV?", PUBLIC,
         "Open the report you need, choose **Export** and then *CSV*. Large exports are prepared in the "
         "background and e-mailed to you as a download link.\n\n```\nDate;Reference;Amount\n```"),
        ("How do I connect the mobile app?", PUBLIC,
         "Install the app from your app store, choose *Connect* and scan the QR code shown under "
         "**Preferences → Devices** in the web application."),
    ]),
    ("Advanced configuration", CUSTOMERS, "Single sign-on, API keys and integrations.", "Product guides", [
        ("How do I set up single sign-on (SSO)?", CUSTOMERS,
         "Single sign-on supports SAML 2.0 and OpenID Connect.\n\n1. Ask for SSO in a request.\n2. We send "
         "you our metadata URL.\n3. Register it with your identity provider and send us yours.\n\n"
         "| Provider | Protocol |\n|---|---|\n| Entra ID | SAML 2.0 |\n| Google Workspace | OpenID Connect |"),
        ("How do I create an API key?", CUSTOMERS,
         "Managers create API keys under **Company → Integrations**. Each key is shown once: store it in "
         "your password manager. Revoke a key there as soon as it is no longer needed."),
    ]),
    ("Support team handbook", INTERNAL, "Internal guidance for the support team.", None, [
        ("How do we escalate a critical incident?", INTERNAL,
         "Call the on-duty engineer at once, then post an internal note on the request with the time of the "
         "call. Critical incidents are reviewed every morning."),
        ("Which answers may we give about pricing?", INTERNAL,
         "Only list prices. Discounts and contract terms are handled by the account manager: post an "
         "internal note and assign the request to sales."),
    ]),
]


def create_demo(dbsession) -> None:
    """Add the demo folders and articles, once."""
    if dbsession.scalar(sa.select(sa.func.count()).select_from(Folder)):
        return
    folders: dict[str, Folder] = {}
    for name, visibility, description, parent, articles in DEMO:
        folder = service.create_folder(dbsession, name, parent=folders.get(parent), visibility=visibility,
                                       description=description)
        folders[name] = folder
        for question, article_visibility, answer in articles:
            service.create_article(dbsession, folder, question, answer, visibility=article_visibility)
