# One image for both services; docker-compose.yml picks the service with the command.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    MENTORSHIP_ENV=production

WORKDIR /app
COPY pyproject.toml README.md ./
COPY shared ./shared
COPY services ./services
RUN pip install . && useradd --system --uid 10001 mentorship
USER mentorship

EXPOSE 8000 8001
# `mentorship serve` trusts X-Forwarded-For only from MENTORSHIP_TRUSTED_PROXIES.
CMD ["mentorship", "serve", "graphql-api", "--host", "0.0.0.0", "--port", "8000"]
