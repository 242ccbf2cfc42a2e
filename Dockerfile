# syntax=docker/dockerfile:1
#
# docker build -t quota-broker .
# docker run -p 8080:8080 -e SPRING_DATASOURCE_URL=jdbc:postgresql://db:5432/quota \
#   -e SPRING_DATASOURCE_USERNAME=quota -e SPRING_DATASOURCE_PASSWORD=... quota-broker

# Both stages on one pinned Temurin 25 release: the runtime stage's training run writes a JVM
# AOT cache that only this exact JVM build accepts (src/main/docker/aot-cache.sh); to move to a newer
# release, change the tag and rebuild, and the cache is made again.
ARG TEMURIN=25.0.3_9

# ---- build: package with the Maven wrapper, then extract the jar in layers ------------
FROM eclipse-temurin:${TEMURIN}-jdk-noble AS build
WORKDIR /workspace
# The wrapper and the POM first: the dependency download is a cached layer that changes
# only with pom.xml.
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -ntp dependency:go-offline
COPY db/ db/
COPY src/ src/
COPY src/main/docker/aot-cache.sh bench/HoldLoad.java training/
# The extracted form (app.jar with lib/ beside it, no nested jars) is what the AOT cache
# needs: the JVM caches classes only from plain jars on the class path. The load client of
# the training run is compiled here, since the runtime image has no compiler.
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -ntp package -DskipTests -Djacoco.skip=true \
    && cp target/quota-broker-*.jar app.jar \
    && java -Djarmode=tools -jar app.jar extract --layers --destination extracted \
    && javac --release 17 -d training training/HoldLoad.java

# ---- runtime ---------------------------------------------------------------------------
FROM eclipse-temurin:${TEMURIN}-jre-noble
# curl is for the HEALTHCHECK and the training run; the Temurin 25 images no longer ship it.
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 quota \
    && useradd --system --uid 10001 --gid quota --home-dir /app --shell /usr/sbin/nologin quota \
    && install -d -o quota -g quota /app/aot
WORKDIR /app
# Least to most often changed, so that a code change rebuilds only the last layers.
COPY --from=build /workspace/extracted/dependencies/ ./
COPY --from=build /workspace/extracted/spring-boot-loader/ ./
COPY --from=build /workspace/extracted/snapshot-dependencies/ ./
COPY --from=build /workspace/extracted/application/ ./
USER 10001:10001
ENV SPRING_THREADS_VIRTUAL_ENABLED=true \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
# Training run (README, "Docker"): the service on its embedded PostgreSQL, 30 s of holds,
# releases and usage events, then stopped; the JVM writes the AOT cache on exit. -Xmx1g keeps
# the build host's memory out of the cache (a heap over 32 GB would make it useless at run time).
# A failed training run does not fail the build: without the cache the JVM only logs that it
# could not map it and starts as it would without -XX:AOTCache (a slower warm-up, nothing else).
RUN --mount=type=bind,from=build,source=/workspace/training,target=/training \
    (JAVA_OPTS=-Xmx1g LOAD_CP=/training /training/aot-cache.sh /app/app.jar /app/aot/app.aot \
     || { echo "AOT cache training failed: the image starts without the cache" >&2; rm -f /app/aot/app.aot; }) \
    && (rm -rf /tmp/* 2>/dev/null || true)
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=3s --start-period=60s --retries=3 \
    CMD curl -fsS -o /dev/null http://localhost:8080/actuator/health/liveness || exit 1
ENTRYPOINT ["java", "-XX:AOTCache=/app/aot/app.aot", "-jar", "/app/app.jar"]
