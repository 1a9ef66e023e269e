# syntax=docker/dockerfile:1
# One image per service, from the repository root:
#   docker build --build-arg SERVICE=Ingress -t daprchannels-ingress .
# SERVICE is the project folder under services/: Ingress, Normalizer, BotResponder, Dispatcher or
# IntegrationAdmin. ASSEMBLY is the entry assembly; by default DaprChannels.<SERVICE>.dll (the
# AssemblyName Directory.Build.props gives every project). The AllInOne host, which also needs
# SQLite and a data volume, has its own services/AllInOne/Dockerfile.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
ARG SERVICE
RUN test -n "$SERVICE" || { echo "missing --build-arg SERVICE=<project folder under services/>" >&2; exit 1; }
WORKDIR /src
COPY Directory.Build.props Directory.Packages.props global.json .editorconfig ./
# Project files first, so the restore layer is reused until a dependency changes.
COPY services/Contracts/Contracts.csproj services/Contracts/
COPY services/BuildingBlocks/BuildingBlocks.csproj services/BuildingBlocks/
COPY services/Channels/Channels.csproj services/Channels/
COPY services/ServiceDefaults/ServiceDefaults.csproj services/ServiceDefaults/
COPY services/Integrations/Integrations.csproj services/Integrations/
COPY services/${SERVICE}/${SERVICE}.csproj services/${SERVICE}/
RUN dotnet restore services/${SERVICE}/${SERVICE}.csproj
COPY services/Contracts/ services/Contracts/
COPY services/BuildingBlocks/ services/BuildingBlocks/
COPY services/Channels/ services/Channels/
COPY services/ServiceDefaults/ services/ServiceDefaults/
COPY services/Integrations/ services/Integrations/
COPY services/${SERVICE}/ services/${SERVICE}/
RUN dotnet publish services/${SERVICE}/${SERVICE}.csproj -c Release -o /app/publish --no-restore -p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS final
ARG SERVICE
ARG ASSEMBLY=DaprChannels.${SERVICE}.dll
WORKDIR /app
ENV ASPNETCORE_URLS=http://+:8080
ENV APP_ASSEMBLY=${ASSEMBLY}
COPY --from=build /app/publish .
RUN test -f "$APP_ASSEMBLY" || { echo "no $APP_ASSEMBLY in the published output (set --build-arg ASSEMBLY)" >&2; exit 1; }
# APP_UID is the non-root "app" user the .NET images ship with.
USER $APP_UID
EXPOSE 8080
# exec: dotnet replaces the shell and receives SIGTERM as PID 1; arguments after the image pass through.
ENTRYPOINT ["/bin/sh", "-c", "exec dotnet \"$APP_ASSEMBLY\" \"$@\"", "--"]
