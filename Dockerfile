# One image for every Leadbridge process: the ingest API (the default command), the delivery
# worker, the credentials check and the demo's Dataverse simulator. docker-compose.yml picks the
# command of each service; each one is a package script the tests run too.
#
#   docker build -t leadbridge .

# ---- build: every dependency, then the TypeScript build of every workspace ----
FROM node:20-bookworm-slim AS build
WORKDIR /app
ENV TURBO_TELEMETRY_DISABLED=1 NPM_CONFIG_UPDATE_NOTIFIER=false

# The manifests alone first, so the dependency layer is rebuilt only when one of them changes.
# npm ci needs every workspace's package.json, or it finds the lockfile out of date.
COPY package.json package-lock.json ./
COPY packages/config/package.json packages/config/
COPY packages/dataverse-simulator/package.json packages/dataverse-simulator/
COPY packages/lead-activity/package.json packages/lead-activity/
COPY packages/lead-model/package.json packages/lead-model/
COPY packages/service-kit/package.json packages/service-kit/
COPY packages/test-support/package.json packages/test-support/
COPY packages/tracing/package.json packages/tracing/
COPY services/api/package.json services/api/
COPY services/worker/package.json services/worker/
COPY tests/deployment/package.json tests/deployment/
COPY tests/faults/package.json tests/faults/
RUN npm ci --no-audit --no-fund

COPY . .
RUN npx turbo run build

# ---- runtime: production dependencies and the built JavaScript, run as `node` ----
FROM node:20-bookworm-slim AS runtime

# tini as PID 1 rather than compose's `init: true`: the image then stops cleanly wherever it runs
# (docker run, Kubernetes, a cloud container service), not only where someone set the flag. It
# reaps zombies and passes SIGTERM on to npm, which passes it to node.
RUN apt-get update \
  && apt-get install -y --no-install-recommends tini \
  && rm -rf /var/lib/apt/lists/*

# bash runs a one-command script by exec'ing it, so node is npm's own child and gets npm's SIGTERM
# exactly once. Debian's sh (dash) stays in between and dies of the signal without passing it on,
# leaving node to be killed when the stop timeout ends, its leads in flight unfinished. tini runs
# without -g for the same reason: signalling the whole group would reach node twice, and a second
# signal means "exit now" to the services.
ENV NODE_ENV=production \
  NPM_CONFIG_SCRIPT_SHELL=/bin/bash \
  NPM_CONFIG_UPDATE_NOTIFIER=false

WORKDIR /app
COPY package.json package-lock.json ./
COPY packages/config/package.json packages/config/
COPY packages/dataverse-simulator/package.json packages/dataverse-simulator/
COPY packages/lead-activity/package.json packages/lead-activity/
COPY packages/lead-model/package.json packages/lead-model/
COPY packages/service-kit/package.json packages/service-kit/
COPY packages/test-support/package.json packages/test-support/
COPY packages/tracing/package.json packages/tracing/
COPY services/api/package.json services/api/
COPY services/worker/package.json services/worker/
COPY tests/deployment/package.json tests/deployment/
COPY tests/faults/package.json tests/faults/
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

COPY --from=build /app/packages/config/dist packages/config/dist
COPY --from=build /app/packages/config/schema packages/config/schema
COPY --from=build /app/packages/dataverse-simulator/dist packages/dataverse-simulator/dist
COPY --from=build /app/packages/lead-activity/dist packages/lead-activity/dist
COPY --from=build /app/packages/lead-model/dist packages/lead-model/dist
COPY --from=build /app/packages/service-kit/dist packages/service-kit/dist
COPY --from=build /app/packages/tracing/dist packages/tracing/dist
COPY --from=build /app/services/api/dist services/api/dist
COPY --from=build /app/services/worker/dist services/worker/dist

# Where the demo simulator keeps its certificate. A named volume mounted here for the first time
# takes this directory's owner, so `node` can write to it.
RUN mkdir -p /var/lib/leadbridge/simulator /var/lib/leadbridge/spool \
  && chown node:node /var/lib/leadbridge/simulator /var/lib/leadbridge/spool

USER node
EXPOSE 3000 3001
ENTRYPOINT ["/usr/bin/tini", "--"]
# --silent keeps npm's banner out of the service's JSON log lines on stdout.
CMD ["npm", "start", "--silent", "-w", "@leadbridge/api"]
