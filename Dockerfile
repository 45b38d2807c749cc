# syntax=docker/dockerfile:1
# The API image, in two stages: the web page is built where Node.js and npm are (web/build.py vendors
# cytoscape.js and Swagger UI from the npm registry into web/dist), then copied into a python:3.11-slim
# stage that installs the project (pinned by constraints.txt) and serves it as a non-root user.
# docker-compose.yml runs it beside Neo4j; tests/test_compose.py checks this file.

FROM node:20-bookworm AS web
WORKDIR /src
# web/build.py uses Python's standard library only; the full node image has python3 from its Debian base.
COPY web/__init__.py web/build.py web/
COPY web/src web/src
RUN python3 -m web.build

FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app
RUN groupadd --system --gid 10001 riskgraph \
    && useradd --system --uid 10001 --gid 10001 --home-dir /app --no-create-home riskgraph \
    && mkdir /data && chown riskgraph:riskgraph /data
COPY pyproject.toml README.md constraints.txt ./
COPY core core
COPY graph graph
COPY extraction extraction
COPY reasoning reasoning
COPY api api
COPY cli cli
COPY datagen datagen
COPY cypher cypher
COPY --from=web /src/web/dist web/dist
RUN pip install --no-cache-dir -c constraints.txt -e .
USER 10001:10001
ENV RISKGRAPH_API_HOST=0.0.0.0 RISKGRAPH_API_PORT=8000 RISKGRAPH_DATA_DIR=/data
EXPOSE 8000
# Ready = the graph answers and the trained models are loaded (503 until `riskgraph demo` or train ran).
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=5 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:' + os.environ.get('RISKGRAPH_API_PORT', '8000') + '/readyz', timeout=4)"]
CMD ["riskgraph", "serve"]
