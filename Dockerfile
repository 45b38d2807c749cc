FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY core core
COPY graph graph
COPY extraction extraction
COPY reasoning reasoning
COPY api api
COPY cli cli
COPY datagen datagen
COPY cypher cypher
COPY web web
RUN pip install --no-cache-dir -e . && python -m web.build
ENV RISKGRAPH_API_HOST=0.0.0.0 RISKGRAPH_DATA_DIR=/data
EXPOSE 8000
CMD ["riskgraph", "serve"]
