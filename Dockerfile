# syntax=docker/dockerfile:1
# Sidecar: native AOT build in the SDK image, small non-root runtime image.
#   docker build -t sidecar .
#   docker run -p 9280:9280 -e SIDECAR_UPSTREAM=http://elasticsearch:9200 -e SIDECAR_API_KEY=... sidecar
# The configuration is read from /app/config/sidecar.yaml: mount your own over it.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
# Native AOT links with clang/gcc and needs zlib headers.
RUN apt-get update \
 && apt-get install -y --no-install-recommends clang zlib1g-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# Restore first, on project files only, so that source edits do not invalidate the package layer.
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY src/Sidecar/Sidecar.csproj src/Sidecar/
COPY src/Sidecar.Core/Sidecar.Core.csproj src/Sidecar.Core/
COPY src/Sidecar.Embeddings/Sidecar.Embeddings.csproj src/Sidecar.Embeddings/ModelBundles.targets src/Sidecar.Embeddings/
COPY src/Sidecar.Text/Sidecar.Text.csproj src/Sidecar.Text/
RUN dotnet restore src/Sidecar/Sidecar.csproj -r linux-x64
COPY src/ src/
COPY config/ config/
RUN dotnet publish src/Sidecar/Sidecar.csproj -c Release -r linux-x64 -p:PublishAot=true -p:IlcTreatWarningsAsErrors=true --no-restore -o /app \
 && rm -f /app/*.dbg /app/*.pdb

# runtime-deps carries glibc, OpenSSL and ICU (needed: tokenisation depends on culture data) and a non-root user.
FROM mcr.microsoft.com/dotnet/runtime-deps:10.0 AS runtime
WORKDIR /app
COPY --from=build /app/ /app/
COPY config/sidecar.yaml /app/config/sidecar.yaml
ENV SIDECAR_LISTEN=http://0.0.0.0:9280 \
    SIDECAR_UPSTREAM=http://elasticsearch:9200 \
    SIDECAR_LOG_FORMAT=json
USER app
EXPOSE 9280
HEALTHCHECK --interval=10s --timeout=3s --start-period=10s --retries=3 \
  CMD ["/app/sidecar", "health", "--url", "http://127.0.0.1:9280/_rerank/health"]
ENTRYPOINT ["/app/sidecar", "--config", "/app/config/sidecar.yaml"]
