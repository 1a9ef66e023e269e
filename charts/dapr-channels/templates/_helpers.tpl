{{/* Chart name, overridable. */}}
{{- define "dapr-channels.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Release-scoped name; resources get "<fullname>-<app id>". */}}
{{- define "dapr-channels.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "dapr-channels.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels shared by every resource. */}}
{{- define "dapr-channels.labels" -}}
helm.sh/chart: {{ include "dapr-channels.chart" . }}
app.kubernetes.io/name: {{ include "dapr-channels.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: dapr-channels
{{- end }}

{{/* Selector labels of one service. Call with (dict "root" $ "appId" $appId). */}}
{{- define "dapr-channels.selectorLabels" -}}
app.kubernetes.io/name: {{ include "dapr-channels.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .appId }}
{{- end }}

{{/* Name of one service's resources. Call with (dict "root" $ "appId" $appId). */}}
{{- define "dapr-channels.serviceName" -}}
{{- printf "%s-%s" (include "dapr-channels.fullname" .root) .appId | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "dapr-channels.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "dapr-channels.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "dapr-channels.configurationName" -}}
{{- printf "%s-config" (include "dapr-channels.fullname" .) }}
{{- end }}

{{/* Secret (key "token") holding the app API token: the operator's, or the one this chart generates. */}}
{{- define "dapr-channels.appTokenSecretName" -}}
{{- .Values.dapr.appApiToken.existingSecret | default (printf "%s-app-api-token" (include "dapr-channels.fullname" .)) }}
{{- end }}

{{- define "dapr-channels.resiliencyName" -}}
{{- printf "%s-resiliency" (include "dapr-channels.fullname" .) }}
{{- end }}

{{/* Image reference of one service. Call with (dict "root" $ "svc" $svc). */}}
{{- define "dapr-channels.image" -}}
{{- $tag := .svc.image.tag | default .root.Values.image.tag | default .root.Chart.AppVersion }}
{{- if .root.Values.image.registry }}
{{- printf "%s/%s:%s" (trimSuffix "/" .root.Values.image.registry) .svc.image.repository $tag }}
{{- else }}
{{- printf "%s:%s" .svc.image.repository $tag }}
{{- end }}
{{- end }}

{{/* App ids of the enabled services, as a YAML list (component and resiliency scopes). */}}
{{- define "dapr-channels.appIds" -}}
{{- range $appId, $svc := .Values.services }}
{{- if $svc.enabled }}
- {{ $appId }}
{{- end }}
{{- end }}
{{- end }}

{{/* Redis metadata shared by the pub/sub and state components. Call with the redis values. */}}
{{- define "dapr-channels.redisMetadata" -}}
- name: redisHost
  value: {{ .host | quote }}
{{- if .existingSecret }}
- name: redisPassword
  secretKeyRef:
    name: {{ .existingSecret | quote }}
    key: {{ .passwordKey | quote }}
{{- end }}
- name: enableTLS
  value: {{ .enableTLS | toString | quote }}
{{- end }}
