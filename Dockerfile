# Tug of War, hosted: the dashboard on port 8501, with Debian's Chromium for image exports.
# Build: docker build -t tugofwar .   Run: docker run -p 8501:8501 tugofwar
FROM python:3.11-slim-bookworm

# Chromium renders the exports (kaleido) and page screenshots; fonts so text has a face.
RUN apt-get update \
 && apt-get install -y --no-install-recommends chromium fonts-liberation \
 && rm -rf /var/lib/apt/lists/*

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    BROWSER_PATH=/usr/bin/chromium \
    TUGOFWAR_DATA=/app/data

RUN useradd --create-home --uid 10001 tugofwar
WORKDIR /app
COPY pyproject.toml README.md ./
COPY components ./components
RUN pip install .
COPY --chown=tugofwar:tugofwar . .

USER tugofwar
EXPOSE 8501
# .streamlit/config.toml: headless, no file watcher, no telemetry, errors hidden from viewers.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD python -c "import urllib.request,sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4).status == 200 else 1)"
CMD ["python", "-m", "streamlit", "run", "server.py", "--server.port=8501", "--server.address=0.0.0.0"]
