# DaprChannels — common tasks. `make help` lists them.
SHELL := /bin/bash
CONFIGURATION ?= Release
URL ?= http://localhost:8080

.PHONY: help run test build bench bench-micro dapr-run dapr-stop kind helm-install helm-lint clean

help: ## List the targets
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  %-14s %s\n", $$1, $$2}'

run: ## Build and start the AllInOne host on $(URL), embedded mode: no Dapr, no credentials
	ASPNETCORE_ENVIRONMENT=Development ASPNETCORE_URLS=$(URL) \
	  dotnet run --project services/AllInOne -c $(CONFIGURATION)

build: ## Build everything
	dotnet build DaprChannels.sln -c $(CONFIGURATION)

test: ## Run every test
	bash tests/run-tests.sh $(CONFIGURATION)

bench: ## Load test: webhooks/s, end-to-end messages/s, latency and memory (needs wrk: apt-get install wrk)
	bash tests/LoadGenerator/run.sh

bench-micro: ## Micro-benchmarks (BenchmarkDotNet)
	dotnet run --project tests/Benchmarks -c Release -- --filter '*'

dapr-run: ## Build once (Release), then run the five services, each with a Dapr sidecar (needs `dapr init`)
	dotnet build DaprChannels.sln -c Release
	dapr run -f .

dapr-stop: ## Stop what dapr-run started
	dapr stop -f .

kind: ## Build the images and deploy the chart to a local kind cluster (needs kind, skaffold, helm, Dapr on the cluster)
	skaffold run

helm-install: ## Install the chart into the current kube context (Dapr control plane must be installed)
	helm upgrade --install dapr-channels charts/dapr-channels --namespace dapr-channels --create-namespace

helm-lint: ## Lint the chart
	helm lint charts/dapr-channels

clean: ## Remove build output and local data
	dotnet clean DaprChannels.sln >/dev/null
	rm -rf services/AllInOne/data data
