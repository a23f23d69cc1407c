"""The portal on two hosts behind haproxy: one customer's journey, a rolling restart, a host's death.

Real parts only (see conftest): what passes here is what production runs.
Run alone with ``pytest -m two_hosts -s`` to see the figures.
"""
from __future__ import annotations

import time
import uuid

import pytest
import sqlalchemy as sa
from webtest import Upload

from cc_core.testing import Mailbox, do_login

from .lb_client import client, served_by
from .load_loop import Load

pytestmark = pytest.mark.two_hosts


def hosts_of(browser) -> tuple[str, str]:
    """The hosts that served the last two requests: the page with a form, and its post."""
    page, post = browser.app.exchanges[-2:]
    return page.served_by, post.served_by


def new_request(browser, title: str, attachment: tuple[str, bytes] | None = None) -> str:
    """File a request through the form; returns its path."""
    form = browser.get("/requests/new").forms["new-request"]
    form["title"] = title
    form["category"].select(text="General question")
    form["message"] = f"{title}: details follow."
    if attachment:
        form["attachment"] = [Upload(*attachment)]
    response = form.submit(status=303)
    page_host, post_host = hosts_of(browser)
    assert page_host != post_host, "the form and its post went to the same host"
    return "/requests/" + response.location.rstrip("/").rsplit("/", 1)[1]


def message_bodies(engine, marker: str) -> list[str]:
    with engine.connect() as connection:
        return [body.strip() for body in connection.execute(
            sa.text("SELECT body FROM requests_message WHERE body LIKE :marker"), {"marker": marker + "-%"}).scalars()]


def test_a_customer_journey_with_every_request_on_the_other_host(cluster, smtp_server, figures):
    mailbox = Mailbox(smtp_server)
    browser = client(cluster.balancer.port, cluster.balancer.cafile)
    do_login(browser, "demo@example.com")   # the session cookie made by one host ...
    assert hosts_of(browser)[0] != hosts_of(browser)[1]
    home = browser.get("/")                  # ... is honoured by the other
    assert "Log out" in home.text or "logout-form" in home.text

    content = uuid.uuid4().bytes * 5000   # 80 kB, unlike any other file
    req_path = new_request(browser, "Invoice totals are wrong", ("totals.csv", content))
    page = browser.get(req_path)
    link = page.html.select_one(".attachments a")["href"]

    reply = page.forms["reply"]
    reply["message"] = "The March invoice too."
    reply.submit(status=303)
    assert hosts_of(browser)[0] != hosts_of(browser)[1]
    assert "The March invoice too." in browser.get(req_path).text

    # Stored on the object store through one host, read through the other.
    stored_by = served_by(browser)
    download = browser.get(link)
    assert download.body == content and served_by(browser) != stored_by

    article = next(a["href"] for a in browser.get("/faq/search?q=password").html.select("a[href*='/faq/articles/']"))
    vote = browser.get(article).forms["faq-vote"]
    vote.submit("helpful", value="yes", status=303)
    assert hosts_of(browser)[0] != hosts_of(browser)[1]
    assert "You answered yes." in browser.get(article).text

    preferences = browser.get("/preferences").forms["preferences"]
    preferences["timezone"] = "America/New_York"
    preferences.submit(status=303)
    assert hosts_of(browser)[0] != hosts_of(browser)[1]
    assert browser.get("/preferences").forms["preferences"]["timezone"].value == "America/New_York"

    # The confirmation was queued by a host and sent by the one worker,
    # with a link to the portal's public (https) address.
    number = req_path.rsplit("/", 1)[1]
    messages = [m for m in mailbox.wait_for(1, timeout=20) if f"[#{number}]" in str(m["Subject"])]
    assert len(messages) == 1
    assert f"https://127.0.0.1:{cluster.balancer.port}{req_path}" in Mailbox.text(messages[0])

    hosts = [e.served_by for e in browser.app.exchanges]
    assert all(a != b for a, b in zip(hosts, hosts[1:])), f"not alternating: {hosts}"
    assert all(e.status is not None and e.status < 500 for e in browser.app.exchanges)
    figures["journey"] = {"requests": len(hosts), "served_by": {h: hosts.count(h) for h in set(hosts)}}


def load_on_a_new_request(cluster, title: str) -> tuple[Load, str]:
    """Customers replying to a request filed for the purpose, running for a second already; and their marker."""
    browser = client(cluster.balancer.port, cluster.balancer.cafile)
    do_login(browser, "demo@example.com")
    marker = f"load-{uuid.uuid4().hex[:8]}"
    load = Load(cluster.balancer, new_request(browser, title), marker).start()
    time.sleep(1.0)
    return load, marker


def test_a_graceful_restart_under_load_loses_nothing(cluster, figures):
    host, balancer = cluster.hosts["web1"], cluster.balancer
    load, marker = load_on_a_new_request(cluster, "Replies during a restart")
    began = time.monotonic()
    host.terminate()                              # systemd's stop: SIGTERM to the master
    out_after = balancer.wait_for("web1", "DOWN")  # /readyz said 503 while web1 still served
    assert host.wait(timeout=30) == 0
    stopped_after = time.monotonic() - began
    host.start()
    balancer.wait_for("web1", "UP")
    restart_seconds = time.monotonic() - began
    run = load.stop()

    bodies = message_bodies(cluster.engine, marker)
    figures["graceful_restart"] = {**run.figures(), "rows_written": len(bodies),
                                   "balancer_took_host_out_after_s": round(out_after, 2),
                                   "old_master_exited_after_s": round(stopped_after, 2),
                                   "restart_until_back_in_balancer_s": round(restart_seconds, 2)}
    assert run.failures == [], run.failures
    assert sorted(bodies) == sorted(run.answered), "a reply answered 303 was lost, or one was written twice"
    assert len(run.answered) == len(run.attempted)
    assert set(run.served()) == {"web1", "web2"}


def test_a_host_killed_outright_is_taken_out_by_the_health_check(cluster, figures):
    host, balancer = cluster.hosts["web2"], cluster.balancer
    load, marker = load_on_a_new_request(cluster, "Replies while a host dies")
    killed = time.monotonic()
    host.kill()                                   # SIGKILL to the master and every worker
    detected_after = balancer.wait_for("web2", "DOWN")
    detected = killed + detected_after
    time.sleep(2.0)                               # the load goes on against web1 alone
    run = load.stop()

    bodies = message_bodies(cluster.engine, marker)
    late = [e for e in run.failures if e.started > detected]
    figures["hard_kill"] = {**run.figures(), "rows_written": len(bodies),
                            "detected_after_s": round(detected_after, 2), "failures_after_detection": len(late),
                            "requests_after_detection": sum(e.started > detected for e in run.exchanges)}
    # Only what was in the killed workers' hands may fail (one request per
    # sync worker, and reads are retried elsewhere); nothing after haproxy saw it.
    assert len(run.failures) <= len(load.clients), run.failures
    assert late == []
    assert all(e.served_by == "web1" for e in run.exchanges if e.started > detected)
    # No reply written twice; every one answered 303 is there; one that
    # failed with the dying worker may or may not have been committed.
    assert len(bodies) == len(set(bodies))
    assert set(run.answered) <= set(bodies) <= set(run.attempted)
    host.start()
    balancer.wait_for("web2", "UP")
