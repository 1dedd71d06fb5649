# newsbrief: the Telegram bot in one container. Build: docker build -t newsbrief .
# Run:   docker run -d --name newsbrief --env-file .env -v newsbrief-data:/data newsbrief
FROM python:3.12-slim

# OPENBLAS_NUM_THREADS: the tagger multiplies small matrices, for which one thread is
# fastest (see bot/__main__.py).
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_ROOT_USER_ACTION=ignore \
    OPENBLAS_NUM_THREADS=1 \
    DATABASE_PATH=/data/newsbrief.sqlite3

# Non-editable install: the English NER model and the SQL migrations are package data
# (pyproject.toml), natasha's Russian models come inside its wheel: nothing is downloaded
# at run time. The compiled dependencies ship manylinux wheels (docopt, pure Python, is built
# from its sdist), so no compiler is needed.
WORKDIR /src
COPY pyproject.toml README.md ./
COPY bot ./bot
RUN pip install --no-cache-dir . \
    && rm -rf /src

RUN useradd --system --uid 10001 --no-create-home --shell /usr/sbin/nologin newsbrief \
    && mkdir /data /app \
    && chown newsbrief:newsbrief /data
# The working directory holds no code, so `python -m bot` runs the installed package.
WORKDIR /app
USER newsbrief
# Owned by newsbrief before VOLUME, so a new named volume starts writable by the bot.
VOLUME /data

# Settings load and the database opens read-only at this program's schema version (no
# network, no models). start-period covers the first start's migrations and model loading.
HEALTHCHECK --interval=1m --timeout=10s --start-period=1m --retries=3 \
    CMD ["python", "-m", "bot", "health"]

# Webhook mode only (WEBHOOK_URL set): the port of WEBHOOK_LISTEN's default.
EXPOSE 8080

CMD ["python", "-m", "bot", "run"]
