# The portal's image: the core and every plugin in plugins/, installed
# from the production lock (hashes checked), run by a user without
# privileges.  docs/deployment.md ("Containers") shows how to run it.
#
#   docker build -t customer-centre .
#   docker run -e CC_SECRET=... -e CC_DATABASE_URL=... customer-centre web

ARG PYTHON_IMAGE=python:3.11-slim-bookworm

# Builder: wheels of every pinned dependency and of the project itself.
FROM ${PYTHON_IMAGE} AS builder
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1
WORKDIR /src
COPY requirements-production.lock setup.cfg pyproject.toml README.md ./
COPY cc_core ./cc_core
COPY plugins ./plugins
COPY deploy ./deploy
RUN BUILD_VENV=/tmp/build-venv deploy/build-wheels.sh /wheels

# Runtime: the wheels installed offline into /opt/cc/venv; no compiler,
# no source tree, no pip cache.
FROM ${PYTHON_IMAGE} AS runtime
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1 \
    PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    CC_VENV=/opt/cc/venv CC_INI=/etc/cc/production.ini \
    CC_GUNICORN_CONF=/opt/cc/gunicorn.conf.py CC_BIND=0.0.0.0:6543 \
    PROMETHEUS_MULTIPROC_DIR=/var/lib/cc/metrics
# The metrics folder: every gunicorn worker of the container writes its
# counts there and /metrics sums them (gunicorn.conf.py empties it at start).
RUN groupadd --system cc && useradd --system --gid cc --home-dir /opt/cc --shell /usr/sbin/nologin cc \
    && mkdir -p /var/lib/cc/metrics && chown cc:cc /var/lib/cc/metrics
COPY --from=builder /wheels /tmp/wheels
COPY requirements-production.lock /opt/cc/requirements-production.lock
COPY deploy/install.sh deploy/start.sh /opt/cc/deploy/
RUN /opt/cc/deploy/install.sh /opt/cc/venv /tmp/wheels && rm -rf /tmp/wheels
COPY gunicorn.conf.py /opt/cc/gunicorn.conf.py
COPY production.ini /etc/cc/production.ini
USER cc
WORKDIR /opt/cc
EXPOSE 6543
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
    CMD ["/opt/cc/venv/bin/python", "-c", "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:6543/healthz', timeout=4).status != 200)"]
ENTRYPOINT ["/opt/cc/deploy/start.sh"]
CMD ["web"]
