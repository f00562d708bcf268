# The worker and the API share one image; compose picks the entry point.
FROM node:20-slim

WORKDIR /app

# Dependencies first, so a source change does not reinstall them. Not
# --omit=dev: TypeScript runs through tsx at run time, and the image stays
# the same one the tests ran against.
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund && npm cache clean --force

COPY . .

ENV NODE_ENV=production
USER node
EXPOSE 3000
CMD ["node", "--import", "tsx", "api/server.ts"]
