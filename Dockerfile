# syntax=docker/dockerfile:1
#
# docker build -t quota-broker .
# docker run -p 8080:8080 -e SPRING_DATASOURCE_URL=jdbc:postgresql://db:5432/quota \
#   -e SPRING_DATASOURCE_USERNAME=quota -e SPRING_DATASOURCE_PASSWORD=... quota-broker

# ---- build: package with the Maven wrapper, then split the jar into layers ------------
FROM eclipse-temurin:21-jdk AS build
WORKDIR /workspace
# The wrapper and the POM first: the dependency download is a cached layer that changes
# only with pom.xml.
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -ntp dependency:go-offline
COPY db/ db/
COPY src/ src/
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -ntp package -DskipTests -Djacoco.skip=true \
    && cp target/quota-broker-*.jar app.jar \
    && java -Djarmode=tools -jar app.jar extract --layers --launcher --destination extracted

# ---- runtime ---------------------------------------------------------------------------
FROM eclipse-temurin:25-jre
# curl is for the HEALTHCHECK only; the Temurin 25 images no longer ship it.
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 quota \
    && useradd --system --uid 10001 --gid quota --home-dir /app --shell /usr/sbin/nologin quota
WORKDIR /app
# Least to most often changed, so that a code change rebuilds only the last layer.
COPY --from=build /workspace/extracted/dependencies/ ./
COPY --from=build /workspace/extracted/spring-boot-loader/ ./
COPY --from=build /workspace/extracted/snapshot-dependencies/ ./
COPY --from=build /workspace/extracted/application/ ./
USER 10001:10001
ENV SPRING_THREADS_VIRTUAL_ENABLED=true \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=3s --start-period=60s --retries=3 \
    CMD curl -fsS -o /dev/null http://localhost:8080/actuator/health/liveness || exit 1
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
