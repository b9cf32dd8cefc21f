# publisher as a container: a static (musl) binary on distroless.
#
#   docker build -t publisher .
#   docker run --rm -v "$PWD:/work" -w /work publisher package validate pkg.json
#   docker run --rm -p 8080:8080 publisher sandbox --bind 0.0.0.0 --port 8080
#
# The base is distroless static's debug variant: CA certificates for TLS, and a busybox shell
# at /busybox/sh, which GitLab's runner finds, so the image also serves as a job image
# (with `entrypoint: [""]`). No libc is needed: the binary is static.

ARG RUST_VERSION=1.89

FROM rust:${RUST_VERSION}-alpine AS build
RUN apk add --no-cache musl-dev
WORKDIR /src
# Every build input (tests/integrations/container.rs checks the list). .git stays out of the
# context, so `--version` reports the commit as unknown.
COPY Cargo.toml Cargo.lock build.rs ./
COPY src ./src
RUN cargo build --release --locked --bin publisher \
    && cp target/release/publisher /publisher \
    && /publisher --version

FROM gcr.io/distroless/static-debian12:debug
COPY --from=build /publisher /usr/local/bin/publisher
ENV PATH=/usr/local/bin:/busybox \
    PUBLISHER_DATA_DIR=/tmp/publisher-data \
    PUBLISHER_CACHE_DIR=/tmp/publisher-cache
EXPOSE 8080
ENTRYPOINT ["publisher"]
CMD ["--help"]
