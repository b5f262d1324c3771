# chainrule: the app with its JS libraries, served by `chainrule serve` as a non-root user.
FROM node:20-bookworm-slim AS frontend
WORKDIR /src/frontend
COPY frontend/package.json frontend/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY frontend/ ./
RUN node scripts/vendor.mjs && node scripts/bundle.mjs

FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
COPY pyproject.toml README.md ./
COPY server/ server/
COPY --from=frontend /src/frontend/*.html /src/frontend/*.css frontend/
COPY --from=frontend /src/frontend/js frontend/js
COPY --from=frontend /src/frontend/vendor frontend/vendor
RUN pip install --no-cache-dir . && useradd --create-home --uid 10001 chainrule
USER chainrule
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=3s --start-period=5s --retries=3 \
  CMD python -c "import urllib.request,sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8000/api/v1/health', timeout=2).status == 200 else 1)"
CMD ["chainrule", "serve", "--host", "0.0.0.0", "--port", "8000"]
