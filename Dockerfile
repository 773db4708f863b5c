# The emulator as a container: listens on 0.0.0.0:12111 inside it.
#
#   docker build -t stripe-emulator .
#   docker run --rm -p 12111:12111 stripe-emulator
#   docker run --rm -p 12111:12111 -v emulator-data:/data stripe-emulator --data /data/state.json
#
# Flags after the image name replace the default ones; HOST stays 0.0.0.0 through the environment.
# `docker stop` sends SIGTERM: in-flight requests finish, --data is written, the process exits 0.

FROM node:22-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# the dev dependencies compile the TypeScript; no install script is needed for that
RUN npm ci --no-audit --no-fund --ignore-scripts
COPY tsconfig.json ./
COPY src ./src
COPY test/bench ./test/bench
RUN npm run build \
 && npm prune --omit=dev --ignore-scripts --no-audit --no-fund

FROM node:22-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=12111
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY fixtures ./fixtures
RUN mkdir -p /data && chown node:node /data
USER node
EXPOSE 12111
HEALTHCHECK --interval=10s --timeout=3s --start-period=5s \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 12111) + '/_emulator/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["node", "dist/src/main.js"]
CMD ["--host", "0.0.0.0"]
