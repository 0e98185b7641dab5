# Multi-stage build of the `fritid` server and the web app.
# Build:  docker build -t fritid .
# The web app is built by the same script step as on a laptop
# (scripts/common.sh: cargo → wasm-bindgen → wasm-opt), so the two cannot drift.

FROM rust:1.95-bookworm AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends nodejs npm \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN bash -c 'source scripts/common.sh && build_frontend'
RUN cargo build --release --locked -p fritid-api --bin fritid

FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates curl \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --home /app --shell /usr/sbin/nologin fritid
COPY --from=build /src/target/release/fritid /usr/local/bin/fritid
COPY --from=build /src/frontend/dist /app/dist
ENV FRITID_ENV=production \
    FRITID_LISTEN=0.0.0.0:8080 \
    FRITID_STATIC_DIR=/app/dist \
    FRITID_DATA_DIR=/app/data
USER fritid
WORKDIR /app
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD curl -fsS http://127.0.0.1:8080/readyz || exit 1
# `serve` applies pending migrations before it listens.
CMD ["fritid", "serve"]
