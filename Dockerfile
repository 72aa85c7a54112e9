# One image per service:  docker build --build-arg MODULE=sample-backend -t edgeway/sample-backend .
# (docker-compose.yml builds all five.)

FROM eclipse-temurin:17-jdk AS build
ARG MODULE
WORKDIR /src
# Poms first, so the dependency download is cached until a pom changes.
COPY mvnw pom.xml ./
COPY .mvn .mvn
COPY service-security/pom.xml service-security/
COPY service-redis/pom.xml service-redis/
COPY gateway-config-rules/pom.xml gateway-config-rules/
COPY lb-config-rules/pom.xml lb-config-rules/
COPY config-server/pom.xml config-server/
COPY discovery-server/pom.xml discovery-server/
COPY sample-backend/pom.xml sample-backend/
COPY test-support/pom.xml test-support/
COPY lb-device-emulators/pom.xml lb-device-emulators/
COPY lb-adapter-service/pom.xml lb-adapter-service/
COPY edge-gateway/pom.xml edge-gateway/
COPY demo-tokens/pom.xml demo-tokens/
COPY e2e-tests/pom.xml e2e-tests/
RUN test -n "$MODULE" || { echo "set --build-arg MODULE=<module directory>" >&2; exit 1; } \
 && ./mvnw -B -q -pl "$MODULE" -am dependency:go-offline
COPY . .
RUN ./mvnw -B -DskipTests package -pl "$MODULE" -am && cp "$MODULE/target/$MODULE.jar" /app.jar

FROM eclipse-temurin:17-jre
# curl: for the compose health checks.
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/* \
 && useradd --uid 10001 --create-home edgeway
WORKDIR /app
COPY --from=build /app.jar app.jar
USER 10001
ENTRYPOINT ["java", "-jar", "/app/app.jar"]
